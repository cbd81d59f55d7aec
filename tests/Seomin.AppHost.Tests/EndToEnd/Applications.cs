namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>Guarantee application bodies the platform tests submit through the gateway.</summary>
internal static class Applications
{
    /// <summary>
    /// 근로자햇살론 for an employed applicant inside the income band who worked at least 10 days in each of the last three
    /// months: screened eligible, approved at once.
    /// </summary>
    public static object WorkerSunshine(string rrn, long amount = 5_000_000, int termMonths = 60) => new
    {
        productCode = "WORKER_SUNSHINE",
        rrn,
        channel = "Branch",
        lenderCode = "081",
        requestedAmount = amount,
        termMonths,
        employmentMonths = 24,
        workingDaysLastThreeMonths = new[] { 22, 21, 22 },
        annualIncome = 30_000_000,
        creditScore = 700,
        creditPercentile = 40m,
        protectedGroup = false,
        feePaymentPlan = "Upfront",
    };
}
