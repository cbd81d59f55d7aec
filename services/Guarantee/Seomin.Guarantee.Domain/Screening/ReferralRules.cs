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
        // 사전감사 is on the guarantee amount (보증금액 1억원 초과, seed 003 20-6), not the loan: loan × guarantee ratio.
        var guaranteed = GuaranteeAmounts.Guaranteed(r.RequestedAmount, r.Product.GuaranteeRatio);
        var outcomes = new List<RuleOutcome>
        {
            new(ReferralPreAudit, guaranteed <= ScreeningPolicy.PreAuditThreshold,
                guaranteed <= ScreeningPolicy.PreAuditThreshold
                    ? $"guaranteed amount {EligibilityRules.Format(guaranteed)} at or below the pre-audit threshold"
                    : $"guaranteed amount {EligibilityRules.Format(guaranteed)} above the pre-audit threshold of {EligibilityRules.Format(ScreeningPolicy.PreAuditThreshold)}: manual review"),
        };

        if (r.Product.FieldSurveyWaivedUpToGrade is { } waiverGrade)
        {
            var grade = r.Applicant.CreditGrade;
            outcomes.Add(new(ReferralFieldSurvey, grade <= waiverGrade,
                grade <= waiverGrade
                    ? $"field survey waived: credit grade {grade} meets grade {waiverGrade}"
                    : $"field survey required: credit grade {grade} is below grade {waiverGrade}"));
        }

        var capacity = CapacityRule.Check(r.Capacity.OutstandingGuaranteed, r.Capacity.FundBalance, r.Capacity.OperatingMultiple, guaranteed);
        outcomes.Add(new(ReferralCapacity, capacity.Allowed, capacity.Reason));
        return outcomes;
    }
}
