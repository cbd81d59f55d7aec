namespace Seomin.Subrogation.Domain.Rules;

/// <summary>A legal period as data, with the statute beside it.</summary>
public sealed record LegalPeriod(string Name, int? Years, int? Months, int? Days, string Citation)
{
    public DateOnly From(DateOnly start)
    {
        var end = start;
        if (Years is { } y)
        {
            end = end.AddYears(y);
        }

        if (Months is { } m)
        {
            end = end.AddMonths(m);
        }

        if (Days is { } d)
        {
            end = end.AddDays(d);
        }

        return end;
    }
}

/// <summary>The periods collection and legal steps run on.</summary>
public static class LegalPeriods
{
    /// <summary>A recourse claim is extinguished by limitation ten years after it arose or was last interrupted.</summary>
    public static readonly LegalPeriod Limitation = new("소멸시효", 10, null, null, "서민금융법 제54조제5항 (구상채권 소멸시효 10년)");

    /// <summary>The debtor may object to a payment order (지급명령) within two weeks of its service.</summary>
    public static readonly LegalPeriod PaymentOrderObjection = new("지급명령 이의신청기간", null, null, 14, "민사소송법 제470조제1항 (송달 후 2주)");

    /// <summary>A debtor who has not paid for six months after a final title may be entered in the defaulters' list.</summary>
    public static readonly LegalPeriod DefaultersListWaiting = new("채무불이행자명부 등재 요건", null, 6, null, "민사집행법 제70조제1항제1호 (확정 후 6개월 내 불이행)");

    /// <summary>An entry in the defaulters' list is struck ten years after it was made.</summary>
    public static readonly LegalPeriod DefaultersListStrike = new("채무불이행자명부 말소", 10, null, null, "민사집행법 제73조제1항 (등재 후 10년)");

    /// <summary>A demand letter gives the debtor this long to answer before legal steps start (the foundation's own rule).</summary>
    public static readonly LegalPeriod DemandLetterAnswer = new("최고서 회신기한", null, null, 14, "내부 채권관리 기준 (가정, ADR 0016)");

    public static IReadOnlyList<LegalPeriod> All { get; } =
        [Limitation, PaymentOrderObjection, DefaultersListWaiting, DefaultersListStrike, DemandLetterAnswer];
}
