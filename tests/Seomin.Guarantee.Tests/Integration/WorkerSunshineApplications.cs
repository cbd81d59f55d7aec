namespace Seomin.Guarantee.Tests.Integration;

/// <summary>
/// The submission body of an ordinary 근로자햇살론 (WORKER_SUNSHINE) applicant the integration tests share: employed 24
/// months, working days and income that pass screening, upfront fee, NH as lender, 36 months.
/// </summary>
internal static class WorkerSunshineApplications
{
    public static object Application(string rrn, long amount = 10_000_000) => new
    {
        productCode = "WORKER_SUNSHINE",
        rrn,
        channel = "Mobile",
        lenderCode = "NH",
        requestedAmount = amount,
        termMonths = 36,
        employmentMonths = 24,
        workingDaysLastThreeMonths = new[] { 22, 21, 20 },
        annualIncome = 30_000_000,
        creditScore = 700,
        creditPercentile = 40,
        feePaymentPlan = "Upfront",
    };
}
