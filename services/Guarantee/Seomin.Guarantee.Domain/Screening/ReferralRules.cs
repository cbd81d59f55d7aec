using Seomin.Guarantee.Domain.Capacity;

namespace Seomin.Guarantee.Domain.Screening;

/// <summary>Rules that do not make an application ineligible but send it to a person (manual review).</summary>
public static class ReferralRules
{
    public const string ReferralPreAudit = nameof(ReferralPreAudit);
    public const string ReferralFieldSurvey = nameof(ReferralFieldSurvey);
    public const string ReferralCapacity = nameof(ReferralCapacity);

    /// <summary>The product tests working days but the application does not say them: a person must check the evidence.</summary>
    public const string ReferralWorkingDaysNotGiven = nameof(ReferralWorkingDaysNotGiven);

    /// <summary>The product tests the youth status but the application does not say it: a person must check it.</summary>
    public const string ReferralYouthStatusNotGiven = nameof(ReferralYouthStatusNotGiven);

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

        var e = r.Product.Eligibility;
        if (e.MinMonthlyWorkingDays is { } minDays && r.Applicant.WorkingDaysLastThreeMonths is null)
        {
            outcomes.Add(new(ReferralWorkingDaysNotGiven, false,
                $"working days of the last three months not given; the product requires at least {minDays} days in each: manual review"));
        }

        if (e.EligibleYouthStatuses.Count > 0 && r.Applicant.YouthStatus is null)
        {
            outcomes.Add(new(ReferralYouthStatusNotGiven, false,
                $"youth status not given; the product is for {string.Join("/", e.EligibleYouthStatuses)}: manual review"));
        }

        var capacity = CapacityRule.Check(r.Capacity.OutstandingGuaranteed, r.Capacity.FundBalance, r.Capacity.OperatingMultiple, guaranteed);
        outcomes.Add(new(ReferralCapacity, capacity.Allowed, capacity.Reason));
        return outcomes;
    }
}
