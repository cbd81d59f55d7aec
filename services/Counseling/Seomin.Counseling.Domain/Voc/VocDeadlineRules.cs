using Seomin.BusinessTime;

namespace Seomin.Counseling.Domain.Voc;

public enum PeriodUnit
{
    BusinessDays,
    WorkingHours,
}

/// <summary>A processing period on the business calendar (처리기간).</summary>
public readonly record struct ProcessingPeriod(PeriodUnit Unit, int Amount)
{
    public DateTimeOffset DueFrom(BusinessCalendar calendar, DateTimeOffset start) => Unit switch
    {
        PeriodUnit.BusinessDays => calendar.EndOfBusinessDaysAfter(start, Amount),
        _ => calendar.AddWorkingTime(start, TimeSpan.FromHours(Amount)),
    };

    public override string ToString() => Unit == PeriodUnit.BusinessDays ? $"{Amount} business days" : $"{Amount} working hours";
}

/// <summary>
/// The VOC deadline rules (public-sector benchmark in the 민원 처리에 관한 법률 시행령): processing periods per type,
/// the registration window for electronic submissions, extension limits and the progress-notice interval.
/// </summary>
public static class VocDeadlineRules
{
    /// <summary>An electronic submission must be registered within 8 working hours.</summary>
    public static readonly TimeSpan RegistrationWindow = TimeSpan.FromHours(8);

    /// <summary>A customer whose VOC is still open gets a progress notice at least every 30 days.</summary>
    public const int ProgressNoticeIntervalDays = 30;

    public static ProcessingPeriod PeriodFor(VocType type) => type switch
    {
        VocType.Grievance => new(PeriodUnit.BusinessDays, 7),
        // A complaint is handled like a grievance (고충민원), the closest statutory category.
        VocType.Complaint => new(PeriodUnit.BusinessDays, 7),
        VocType.Suggestion => new(PeriodUnit.BusinessDays, 14),
        // Praise is acknowledged and passed to the employee within the suggestion period.
        VocType.Praise => new(PeriodUnit.BusinessDays, 14),
        VocType.ProceduralInquiry => new(PeriodUnit.BusinessDays, 7),
        VocType.LegalInquiry => new(PeriodUnit.BusinessDays, 14),
        VocType.SimpleRequest => new(PeriodUnit.WorkingHours, 3),
        _ => throw new CounselingRuleException("VocTypeMustBeKnown", $"VOC type {type} is unknown."),
    };

    public static bool IsElectronic(VocChannel channel) =>
        channel is VocChannel.Web or VocChannel.App or VocChannel.Email or VocChannel.Chat;
}
