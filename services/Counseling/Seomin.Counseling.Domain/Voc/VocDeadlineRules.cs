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
    public override string ToString() => Unit == PeriodUnit.BusinessDays ? $"{Amount} business days" : $"{Amount} working hours";
}

/// <summary>A value fixed by statute, with the provision it comes from.</summary>
public sealed record StatutoryValue<T>(T Value, string Citation);

/// <summary>
/// The VOC period rules of the 민원 처리에 관한 법률 (법) and its 시행령 (영) in force from <see cref="EffectiveFrom"/>.
/// A case follows the rules in force on the day it was received.
/// </summary>
public sealed record VocPeriodRules
{
    public required DateOnly EffectiveFrom { get; init; }

    public required IReadOnlyDictionary<VocType, StatutoryValue<ProcessingPeriod>> ProcessingPeriods { get; init; }

    /// <summary>Periods of at most this many days are counted in working hours from the time of receipt.</summary>
    public required StatutoryValue<int> HourCountedUpToDays { get; init; }

    public required StatutoryValue<TimeSpan> RegistrationWindow { get; init; }

    public required StatutoryValue<int> ExtensionsWithoutConsent { get; init; }

    public required StatutoryValue<int> ExtensionsWithConsent { get; init; }

    public required StatutoryValue<int> ProgressNoticeIntervalDays { get; init; }

    public required StatutoryValue<int> SiteInvestigationMaxDays { get; init; }

    public required StatutoryValue<int> SiteInvestigationExtensionMaxDays { get; init; }

    public required StatutoryValue<TimeSpan> InternalTransferWindow { get; init; }

    public required StatutoryValue<TimeSpan> ExternalTransferWindow { get; init; }

    public ProcessingPeriod PeriodFor(VocType type) =>
        ProcessingPeriods.TryGetValue(type, out var period)
            ? period.Value
            : throw new CounselingRuleException("VocTypeMustBeKnown", $"VOC type {type} is unknown.");

    /// <summary>
    /// The end of <paramref name="period"/> started at <paramref name="start"/>: working hours are added to the
    /// instant; a day period of at most <see cref="HourCountedUpToDays"/> days is 8 working hours a day from the time
    /// of receipt (법 제19조①), a longer one ends at 18:00 of its last business day, the first day counted (법 제19조②).
    /// </summary>
    public DateTimeOffset DueFrom(ProcessingPeriod period, BusinessCalendar calendar, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return period.Unit switch
        {
            PeriodUnit.WorkingHours => calendar.AddWorkingTime(start, TimeSpan.FromHours(period.Amount)),
            _ when period.Amount <= HourCountedUpToDays.Value => calendar.AddWorkingTime(start, BusinessCalendar.WorkingHoursPerDay * period.Amount),
            _ => calendar.EndOfDayPeriod(start, period.Amount),
        };
    }
}

/// <summary>
/// The dated table of VOC period rules (민원처리법 and 시행령), newest last. A change in the law is a new row with its
/// effective date, never an edit of a row that earlier cases were decided under.
/// </summary>
public static class VocDeadlineRules
{
    private static readonly VocPeriodRules[] Table =
    [
        new()
        {
            // 민원 처리에 관한 법률 (법률 제12920호, 전부개정) and its 시행령 in force from 2015-08-04.
            EffectiveFrom = new DateOnly(2015, 8, 4),
            ProcessingPeriods = new Dictionary<VocType, StatutoryValue<ProcessingPeriod>>
            {
                [VocType.Grievance] = new(new(PeriodUnit.BusinessDays, 7), "영 제17조① 고충민원 7일"),
                // A complaint is handled like a grievance (고충민원), the closest statutory category (ADR 0006).
                [VocType.Complaint] = new(new(PeriodUnit.BusinessDays, 7), "영 제17조① 고충민원 7일 (준용)"),
                [VocType.Suggestion] = new(new(PeriodUnit.BusinessDays, 14), "영 제15조 건의민원 14일"),
                // Praise is acknowledged and passed to the employee within the suggestion period (ADR 0006).
                [VocType.Praise] = new(new(PeriodUnit.BusinessDays, 14), "영 제15조 건의민원 14일 (준용)"),
                [VocType.ProceduralInquiry] = new(new(PeriodUnit.BusinessDays, 7), "영 제14조 질의민원(제도·절차) 7일"),
                [VocType.LegalInquiry] = new(new(PeriodUnit.BusinessDays, 14), "영 제14조 질의민원(법령 해석) 14일"),
                [VocType.SimpleRequest] = new(new(PeriodUnit.WorkingHours, 3), "영 제16조 기타민원: 즉시 = 3근무시간"),
            },
            HourCountedUpToDays = new(5, "법 제19조① 5일 이하는 접수시각부터 시간 단위, 1일 = 8근무시간"),
            RegistrationWindow = new(TimeSpan.FromHours(8), "전자민원 접수 8근무시간 (ADR 0006)"),
            ExtensionsWithoutConsent = new(1, "영 제21조① 처리기간의 범위에서 한 차례 연장"),
            ExtensionsWithConsent = new(1, "영 제21조① 민원인의 동의를 받아 한 차례만 다시 연장"),
            ProgressNoticeIntervalDays = new(30, "영 제23조② 접수일부터 30일마다 처리 진행상황 통지"),
            SiteInvestigationMaxDays = new(14, "영 제17조④ 현장조사 14일 이내, 처리기간에 산입하지 않음"),
            SiteInvestigationExtensionMaxDays = new(7, "영 제17조⑤ 현장조사 기간 7일 이내 한 차례 연장"),
            InternalTransferWindow = new(TimeSpan.FromHours(3), "소관 아닌 부서 접수: 3근무시간 이내 소관 부서로 이송"),
            ExternalTransferWindow = new(TimeSpan.FromHours(8), "법 제16조, 다른 기관 소관: 8근무시간 이내 이송"),
        },
    ];

    public static IReadOnlyList<VocPeriodRules> All => Table;

    /// <summary>The rules in force on the Seoul date of <paramref name="receivedAt"/>.</summary>
    public static VocPeriodRules InForceAt(DateTimeOffset receivedAt)
    {
        var date = BusinessClock.SeoulDate(receivedAt);
        for (var i = Table.Length - 1; i >= 0; i--)
        {
            if (Table[i].EffectiveFrom <= date)
            {
                return Table[i];
            }
        }

        throw new CounselingRuleException(
            "VocReceiptMustFollowTheCivilPetitionsAct",
            $"No VOC period rules were in force on {date:yyyy-MM-dd}; the earliest took effect on {Table[0].EffectiveFrom:yyyy-MM-dd}.");
    }

    public static bool IsElectronic(VocChannel channel) =>
        channel is VocChannel.Web or VocChannel.App or VocChannel.Email or VocChannel.Chat;

    /// <summary>Only grievances (고충민원, and complaints handled like them) may pause for a site investigation (영 제17조).</summary>
    public static bool AllowsSiteInvestigation(VocType type) => type is VocType.Grievance or VocType.Complaint;

    /// <summary>The first day of the Seoul month of <paramref name="now"/>: the monthly status check (영 제22조) covers a month.</summary>
    public static DateOnly MonthlyCheckPeriodStart(DateTimeOffset now)
    {
        var today = BusinessClock.SeoulDate(now);
        return new DateOnly(today.Year, today.Month, 1);
    }
}
