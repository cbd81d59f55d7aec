using Seomin.Guarantee.Domain.Products;

namespace Seomin.Guarantee.Domain.Screening;

/// <summary>One named rule's verdict, recorded with the application.</summary>
public sealed record RuleOutcome(string Rule, bool Passed, string Reason);

public enum ScreeningOutcome
{
    /// <summary>All rules passed and nothing needs a person: approved automatically.</summary>
    Eligible,

    /// <summary>Eligible on the rules, but a person must decide (pre-audit, field survey, capacity).</summary>
    Referred,

    /// <summary>A hard eligibility rule failed.</summary>
    Ineligible,
}

public sealed record ScreeningResult(ScreeningOutcome Outcome, IReadOnlyList<RuleOutcome> Rules)
{
    public IEnumerable<string> Reasons => Rules.Where(r => !r.Passed || r.Rule.StartsWith("Referral", StringComparison.Ordinal)).Select(r => $"{r.Rule}: {r.Reason}");
}

/// <summary>Everything screening needs about one application, including the state it is checked against.</summary>
public sealed record ScreeningRequest
{
    public required ProductVersion Product { get; init; }

    public required ApplicantProfile Applicant { get; init; }

    public required long RequestedAmount { get; init; }

    public required int TermMonths { get; init; }

    public required DateOnly ApplicationDate { get; init; }

    /// <summary>Live exposure of the same customer on the same product (outstanding or approved, not yet repaid).</summary>
    public required long ExistingExposure { get; init; }

    /// <summary>Amount already supplied from the programme budget.</summary>
    public required long BudgetUsed { get; init; }

    public required CapacityCheck Capacity { get; init; }

    /// <summary>
    /// Loan amounts of the customer's guarantees of the same product approved in the six months before the application
    /// date (lapsed ones excepted): the base of the product's 6-month sub-limit.
    /// </summary>
    public long SuppliedLastSixMonths { get; init; }
}

/// <summary>Operating-multiple inputs at screening time.</summary>
public sealed record CapacityCheck(long OutstandingGuaranteed, long FundBalance, decimal OperatingMultiple);

/// <summary>Screening policy constants from the source documents.</summary>
public static class ScreeningPolicy
{
    /// <summary>Pre-audit (사전감사) threshold: guarantees above ₩100M go to manual review (Incheon report, lowered from ₩200M).</summary>
    public const long PreAuditThreshold = 100_000_000;

    /// <summary>Daily monitoring (상시 모니터링) of guarantees whose guaranteed amount is above ₩30M, by branch group (seed 003 20-6: 모니터링 매일 3천만원 초과 보증 건).</summary>
    public const long DailyMonitoringThreshold = 30_000_000;
}

/// <summary>Runs the product's eligibility rules and the referral rules, recording every reason.</summary>
public static class Screener
{
    public static ScreeningResult Screen(ScreeningRequest request)
    {
        var hard = EligibilityRules.Evaluate(request);
        if (hard.Any(r => !r.Passed))
        {
            return new ScreeningResult(ScreeningOutcome.Ineligible, hard);
        }

        var referrals = ReferralRules.Evaluate(request);
        var all = hard.Concat(referrals).ToList();
        return new ScreeningResult(
            referrals.Any(r => !r.Passed) ? ScreeningOutcome.Referred : ScreeningOutcome.Eligible,
            all);
    }
}
