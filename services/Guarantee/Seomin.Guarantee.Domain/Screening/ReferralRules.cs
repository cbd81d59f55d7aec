using Seomin.Guarantee.Domain.Capacity;

namespace Seomin.Guarantee.Domain.Screening;

/// <summary>Rules that do not make an application ineligible but send it to a person (manual review).</summary>
public static class ReferralRules
{
    public const string ReferralPreAudit = nameof(ReferralPreAudit);
    public const string ReferralFieldSurvey = nameof(ReferralFieldSurvey);
    public const string ReferralCapacity = nameof(ReferralCapacity);

    public static IReadOnlyList<RuleOutcome> Evaluate(ScreeningRequest r)
    {
        var outcomes = new List<RuleOutcome>
        {
            new(ReferralPreAudit, r.RequestedAmount <= ScreeningPolicy.PreAuditThreshold,
                r.RequestedAmount <= ScreeningPolicy.PreAuditThreshold
                    ? "at or below the pre-audit threshold"
                    : $"above the pre-audit threshold of {EligibilityRules.Format(ScreeningPolicy.PreAuditThreshold)}: manual review"),
        };

        if (r.Product.FieldSurveyWaivedUpToGrade is { } waiverGrade)
        {
            var grade = r.Applicant.CreditGrade;
            outcomes.Add(new(ReferralFieldSurvey, grade <= waiverGrade,
                grade <= waiverGrade
                    ? $"field survey waived: credit grade {grade} meets grade {waiverGrade}"
                    : $"field survey required: credit grade {grade} is below grade {waiverGrade}"));
        }

        var guaranteed = GuaranteeAmounts.Guaranteed(r.RequestedAmount, r.Product.GuaranteeRatio);
        var capacity = CapacityRule.Check(r.Capacity.OutstandingGuaranteed, r.Capacity.FundBalance, r.Capacity.OperatingMultiple, guaranteed);
        outcomes.Add(new(ReferralCapacity, capacity.Allowed, capacity.Reason));
        return outcomes;
    }
}
