namespace Seomin.DormantAssets.Domain.Rules;

/// <summary>A rule of internal control that fired: its stable code and the reason recorded on the claim.</summary>
public sealed record HoldReason(string Code, string Reason);

/// <summary>What internal control knows about a claim when it is made.</summary>
public sealed record ClaimRiskFacts(
    long Payout,
    bool HolderNameMatches,
    int CustomerClaimsInWindow,
    int PartnerClaimsLastHour,
    DateOnly? ContactChangedOn,
    DateOnly Today,
    bool InPerson);

/// <summary>
/// Internal control (내부통제, seed 001: "환급 서비스 관련 내부통제 강화"): named rules that hold a risky claim for review
/// instead of paying it. Every rule that fires is recorded with its reason.
/// </summary>
public static class HoldRules
{
    public const string HolderNameMismatch = "HolderNameMismatch";
    public const string RepeatedClaims = "RepeatedClaims";
    public const string AmountAboveThreshold = "AmountAboveThreshold";
    public const string PartnerVelocity = "PartnerVelocity";
    public const string RecentlyChangedContact = "RecentlyChangedContact";
    public const string InPersonReview = "InPersonReview";

    public static IReadOnlyList<HoldReason> Evaluate(ClaimRiskFacts facts, ClaimPolicy policy)
    {
        var reasons = new List<HoldReason>();
        if (!facts.HolderNameMatches)
        {
            reasons.Add(new(HolderNameMismatch, "The payee account's holder name differs from the owner's name."));
        }

        if (facts.CustomerClaimsInWindow >= policy.RepeatClaims)
        {
            reasons.Add(new(RepeatedClaims, $"{facts.CustomerClaimsInWindow} claims by this person in the last {policy.RepeatWindowDays} days."));
        }

        if (facts.Payout > policy.ApprovalThreshold)
        {
            reasons.Add(new(AmountAboveThreshold, $"The payout of {facts.Payout} won is above the approval threshold of {policy.ApprovalThreshold} won."));
        }

        if (facts.PartnerClaimsLastHour >= policy.PartnerClaimsPerHour)
        {
            reasons.Add(new(PartnerVelocity, $"The partner made {facts.PartnerClaimsLastHour} claims in the last hour."));
        }

        if (facts.ContactChangedOn is { } changed && facts.Today.DayNumber - changed.DayNumber < policy.RecentContactChangeDays)
        {
            reasons.Add(new(RecentlyChangedContact, $"The owner's contact changed on {changed:yyyy-MM-dd}, within {policy.RecentContactChangeDays} days."));
        }

        if (facts.InPerson)
        {
            reasons.Add(new(InPersonReview, "In-person claims (documents, heirs, agents) are approved by a second employee."));
        }

        return reasons;
    }
}
