using Seomin.BusinessTime;
using Seomin.Counseling.Domain;
using Seomin.Counseling.Domain.Voc;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Domain;

public class VocCaseTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.Korean;

    // Tue 2026-03-10 10:00 Seoul: a plain week with no holiday for the next three weeks.
    private static readonly DateTimeOffset Tuesday = Seoul.At(2026, 3, 10, 10);

    private const string Officer = "고객지원부 김담당 (02-0000-0000)";

    private static VocCase NewVoc(
        VocType type = VocType.Grievance,
        VocChannel channel = VocChannel.Call,
        DateTimeOffset? submittedAt = null,
        DateTimeOffset? now = null,
        string content = "상담 대기시간이 너무 깁니다.") =>
        VocCase.Register(Guid.CreateVersion7(), type, channel, "CTEST", "대기시간", content, submittedAt ?? Tuesday, now ?? submittedAt ?? Tuesday, Calendar);

    [Theory]
    [InlineData(VocType.Grievance, 18)] // 7 days, Tue 03-10 counted as day 1 (법 제19조②): 10-13, 16-18
    [InlineData(VocType.Complaint, 18)]
    [InlineData(VocType.ProceduralInquiry, 18)]
    [InlineData(VocType.Suggestion, 27)] // 14 days: 10-13 (4), 16-20 (9), 23-27 (14)
    [InlineData(VocType.LegalInquiry, 27)]
    [InlineData(VocType.Praise, 27)]
    public void Register_WhenBusinessDayType_DueAtEndOfNthBusinessDayCountingTheFirst(VocType type, int expectedDay)
    {
        var voc = NewVoc(type);

        Assert.Equal(Seoul.At(2026, 3, expectedDay, 18), voc.DueAt);
        Assert.Equal(voc.DueAt, voc.OriginalDueAt);
    }

    [Fact]
    public void Register_WhenSimpleRequest_DueInThreeWorkingHours()
    {
        var voc = NewVoc(VocType.SimpleRequest, submittedAt: Seoul.At(2026, 3, 10, 16, 30));

        Assert.Equal(Seoul.At(2026, 3, 11, 10, 30), voc.DueAt);
    }

    [Fact]
    public void Register_WhenGrievanceSpansChuseok_SkipsHolidays()
    {
        var voc = NewVoc(submittedAt: Seoul.At(2025, 10, 2, 10));

        Assert.Equal(Seoul.At(2025, 10, 17, 18), voc.DueAt);
    }

    [Fact]
    public void Register_WhenGrievanceFiledTuesdayBeforeChuseok2026_DueFridayOctoberSecond()
    {
        // 민원처리법 제19조② "첫날을 산입하되, 공휴일과 토요일은 산입하지 아니한다": 09-22 (1), 09-23 (2),
        // 09-24..26 추석 연휴, 09-27 Sunday, 09-28 (3), 09-29 (4), 09-30 (5), 10-01 (6), 10-02 (7); 10-03 개천절 is after.
        var voc = NewVoc(VocType.Grievance, submittedAt: Seoul.At(2026, 9, 22, 10));

        Assert.Equal(Seoul.At(2026, 10, 2, 18), voc.DueAt);
    }

    [Fact]
    public void DueFrom_WhenDayPeriodOfFiveDaysOrFewer_CountsEightWorkingHoursADayFromReceipt()
    {
        // 법 제19조①: 5일 이하 is counted in hours from the time of receipt, 1일 = 8근무시간. 3 days = 24 h from
        // Tue 10:00: Tue 10-12, 13-18 (7 h), Wed (8 h), Thu (8 h), Fri 09-10 (1 h).
        var rules = VocDeadlineRules.InForceAt(Tuesday);

        var due = rules.DueFrom(new ProcessingPeriod(PeriodUnit.BusinessDays, 3), Calendar, Tuesday);

        Assert.Equal(Seoul.At(2026, 3, 13, 10), due);
    }

    [Fact]
    public void DueFrom_WhenDayPeriodOfSixDaysOrMore_EndsAtClosingOfTheLastDayCountingTheFirst()
    {
        // 법 제19조②: 6 days from Tue 10:00, Tue counted: 03-10..13 (4), 03-16 (5), 03-17 (6).
        var rules = VocDeadlineRules.InForceAt(Tuesday);

        var due = rules.DueFrom(new ProcessingPeriod(PeriodUnit.BusinessDays, 6), Calendar, Tuesday);

        Assert.Equal(Seoul.At(2026, 3, 17, 18), due);
    }

    [Fact]
    public void Register_WhenSimpleRequestSpansLunch_LunchHourIsNotCounted()
    {
        // 법 제19조① (1일 = 8근무시간; lunch excluded): Tue 11:00 + 3 h = 11:00-12:00 + 13:00-15:00.
        var voc = NewVoc(VocType.SimpleRequest, submittedAt: Seoul.At(2026, 3, 10, 11));

        Assert.Equal(Seoul.At(2026, 3, 10, 15), voc.DueAt);
    }

    [Fact]
    public void Register_WhenElectronicSubmissionBeforeLunch_RegistrationDueAfterEightWorkingHours()
    {
        // Tue 10:30 + 8 h: 10:30-12:00 (1.5 h), 13:00-18:00 (5 h), Wed 09:00-10:30 (1.5 h).
        var voc = NewVoc(channel: VocChannel.Web, submittedAt: Seoul.At(2026, 3, 10, 10, 30), now: Seoul.At(2026, 3, 11, 10));

        Assert.Equal(Seoul.At(2026, 3, 11, 10, 30), voc.RegistrationDueAt);
        Assert.False(voc.RegisteredLate);
    }

    [Fact]
    public void Register_WhenElectronicSubmissionRegisteredWithinEightWorkingHours_IsNotLate()
    {
        var submitted = Seoul.At(2026, 3, 6, 14); // Friday

        var voc = NewVoc(channel: VocChannel.Web, submittedAt: submitted, now: Seoul.At(2026, 3, 9, 12));

        // Fri 14:00-18:00 (4 h), Mon 09:00-12:00 (3 h), 13:00-14:00 (1 h).
        Assert.Equal(Seoul.At(2026, 3, 9, 14), voc.RegistrationDueAt);
        Assert.False(voc.RegisteredLate);
    }

    [Fact]
    public void Register_WhenElectronicSubmissionRegisteredAfterEightWorkingHours_IsLate()
    {
        var voc = NewVoc(channel: VocChannel.App, submittedAt: Seoul.At(2026, 3, 6, 14), now: Seoul.At(2026, 3, 9, 14, 30));

        Assert.True(voc.RegisteredLate);
        Assert.Equal(Seoul.At(2026, 3, 16, 18), voc.DueAt); // period runs from submission, not registration: 03-06 is day 1
    }

    [Fact]
    public void Register_WhenCallChannel_HasNoRegistrationWindow()
    {
        var voc = NewVoc(channel: VocChannel.Call);

        Assert.Null(voc.RegistrationDueAt);
        Assert.False(voc.RegisteredLate);
    }

    [Fact]
    public void Register_WhenTypeUnknown_ThrowsRule()
    {
        var ex = Assert.Throws<CounselingRuleException>(() => NewVoc((VocType)99));

        Assert.Equal("VocTypeMustBeKnown", ex.Rule);
    }

    [Fact]
    public void Register_WhenContentHoldsRrn_ThrowsWithoutEchoingIt()
    {
        var rrn = SyntheticRrn.Adult();

        var ex = Assert.Throws<CounselingRuleException>(() => NewVoc(content: $"제 번호는 {rrn} 입니다"));

        Assert.Equal("FreeTextMustNotContainResidentRegistrationNumber", ex.Rule);
        Assert.DoesNotContain(rrn, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extend_WhenFirstWithinPeriod_MovesDueDateAndNotifiesCustomer()
    {
        var voc = NewVoc();

        voc.Extend(7, "현장 확인 필요", "처리기간을 연장합니다.", customerConsented: false, Officer, Tuesday.AddDays(2), Calendar);

        // Due Wed 03-18; 7 more business days: 03-19, 20, 23, 24, 25, 26, 27.
        Assert.Equal(Seoul.At(2026, 3, 27, 18), voc.DueAt);
        Assert.Equal(1, voc.ExtensionCount);
        Assert.Single(voc.Notices, n => n.Kind == VocNoticeKind.Extension);
    }

    [Fact]
    public void Extend_WhenLongerThanOriginalPeriod_ThrowsRule()
    {
        var voc = NewVoc();

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(8, "사유", "통지", false, Officer, Tuesday, Calendar));

        Assert.Equal("VocExtensionMustStayWithinOriginalPeriod", ex.Rule);
    }

    [Fact]
    public void Extend_WhenDueDatePassed_ThrowsRule()
    {
        var voc = NewVoc();

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(3, "사유", "통지", true, Officer, voc.DueAt.AddMinutes(1), Calendar));

        Assert.Equal("VocExtensionMustPrecedeDueDate", ex.Rule);
        Assert.Equal(0, voc.ExtensionCount);
    }

    [Fact]
    public void Extend_WhenSecondWithoutConsent_ThrowsRule()
    {
        var voc = NewVoc();
        voc.Extend(3, "사유", "통지", false, Officer, Tuesday, Calendar);

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(3, "사유", "통지", false, Officer, Tuesday, Calendar));

        Assert.Equal("VocSecondExtensionNeedsCustomerConsent", ex.Rule);
        Assert.Equal(1, voc.ExtensionCount);
    }

    [Fact]
    public void Extend_WhenSecondWithConsent_Extends()
    {
        var voc = NewVoc();
        voc.Extend(3, "사유", "통지", false, Officer, Tuesday, Calendar);
        var dueAfterFirst = voc.DueAt;

        voc.Extend(2, "사유", "동의 받아 재연장", true, Officer, Tuesday, Calendar);

        // 영 제21조①: once more with consent. First: 03-18 + 3 = 03-23; second: + 2 = 03-25.
        Assert.Equal(2, voc.ExtensionCount);
        Assert.Equal(Seoul.At(2026, 3, 23, 18), dueAfterFirst);
        Assert.Equal(Seoul.At(2026, 3, 25, 18), voc.DueAt);
    }

    [Fact]
    public void Extend_WhenSimpleRequest_ExtendsInWorkingHours()
    {
        var voc = NewVoc(VocType.SimpleRequest, submittedAt: Seoul.At(2026, 3, 10, 9));

        voc.Extend(3, "사유", "통지", false, Officer, Seoul.At(2026, 3, 10, 10), Calendar);

        // Due 12:00; 3 more working hours after lunch: 13:00-16:00.
        Assert.Equal(Seoul.At(2026, 3, 10, 16), voc.DueAt);
    }

    [Fact]
    public void Extend_WhenThirdEvenWithConsent_ThrowsExtendedAtMostTwice()
    {
        // 영 제21조①: one extension, then "한 차례만 다시 연장" with the customer's consent; no third.
        var voc = NewVoc();
        voc.Extend(3, "사유", "통지", false, Officer, Tuesday, Calendar);
        voc.Extend(2, "사유", "동의 받아 재연장", true, Officer, Tuesday, Calendar);
        var dueAfterSecond = voc.DueAt;

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(1, "사유", "재재연장", true, Officer, Tuesday, Calendar));

        Assert.Equal("VocExtendedAtMostTwice", ex.Rule);
        Assert.Equal(2, voc.ExtensionCount);
        Assert.Equal(dueAfterSecond, voc.DueAt);
    }

    [Fact]
    public void Extend_WhenExtended_NoticeCarriesExpectedCompletionDateAndOfficer()
    {
        // The extension notice states the expected completion date and the officer in charge (영 제21조, issue 17: 영 제31조).
        var voc = NewVoc();

        voc.Extend(3, "관계기관 확인", "처리기간을 연장합니다.", false, Officer, Tuesday, Calendar);

        var notice = Assert.Single(voc.Notices, n => n.Kind == VocNoticeKind.Extension);
        Assert.Equal(Seoul.At(2026, 3, 23, 18), notice.ExpectedCompletionAt);
        Assert.Equal(voc.DueAt, notice.ExpectedCompletionAt);
        Assert.Equal(Officer, notice.ResponsibleOfficer);
    }

    [Fact]
    public void Extend_WhenNoResponsibleOfficer_ThrowsRule()
    {
        var voc = NewVoc();

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(3, "사유", "통지", false, " ", Tuesday, Calendar));

        Assert.Equal("VocExtensionNoticeNamesResponsibleOfficer", ex.Rule);
        Assert.Equal(0, voc.ExtensionCount);
    }

    [Fact]
    public void Extend_WhenNoNoticeText_ThrowsRule()
    {
        var voc = NewVoc();

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(3, "사유", " ", false, Officer, Tuesday, Calendar));

        Assert.Equal("VocExtensionNeedsReasonAndCustomerNotice", ex.Rule);
    }

    [Fact]
    public void IsProgressNoticeOverdue_WhenThirtyDaysPassWithoutNotice_ReturnsTrue()
    {
        var voc = NewVoc(VocType.LegalInquiry);

        Assert.False(voc.IsProgressNoticeOverdue(Tuesday.AddDays(30)));
        Assert.True(voc.IsProgressNoticeOverdue(Tuesday.AddDays(30).AddMinutes(1)));
    }

    [Fact]
    public void SendProgressNotice_WhenSentOnDay25_NextIsDueSixtyDaysFromReceipt()
    {
        // 영 제23조②: every 30 days counted from receipt (03-10 10:00 -> 04-09, 05-09), not from the last notice (05-04).
        var voc = NewVoc(VocType.LegalInquiry);

        voc.SendProgressNotice("검토 중입니다.", Tuesday.AddDays(25));

        Assert.Equal(Seoul.At(2026, 5, 9, 10), voc.NextProgressNoticeDueAt);
        Assert.False(voc.IsProgressNoticeOverdue(Seoul.At(2026, 5, 9, 10)));
        Assert.True(voc.IsProgressNoticeOverdue(Seoul.At(2026, 5, 9, 10, 1)));
        var notice = Assert.Single(voc.Notices, n => n.Kind == VocNoticeKind.Progress);
        Assert.Equal(voc.DueAt, notice.ExpectedCompletionAt);
    }

    [Fact]
    public void SendProgressNotice_WhenSecondNoticeInTheSameWindow_DoesNotSkipADueDate()
    {
        var voc = NewVoc(VocType.LegalInquiry);
        voc.SendProgressNotice("검토 중입니다.", Tuesday.AddDays(25));

        voc.SendProgressNotice("추가 안내", Tuesday.AddDays(26));

        Assert.Equal(Tuesday.AddDays(60), voc.NextProgressNoticeDueAt);
    }

    [Fact]
    public void SendProgressNotice_WhenSentLateAfterTwoDueDates_NextIsTheFollowingMultipleOfThirtyDays()
    {
        // Notices were due on days 30 and 60 from receipt; one sent on day 65 answers them, the next is due on day 90.
        var voc = NewVoc(VocType.LegalInquiry);

        voc.SendProgressNotice("지연 안내", Tuesday.AddDays(65));

        Assert.Equal(Tuesday.AddDays(90), voc.NextProgressNoticeDueAt);
    }

    [Fact]
    public void IsProgressNoticeOverdue_WhenResolved_ReturnsFalse()
    {
        var voc = NewVoc();
        voc.RouteTo("고객지원부", Tuesday);
        voc.Resolve("답변", Tuesday.AddHours(1));

        Assert.False(voc.IsProgressNoticeOverdue(Tuesday.AddDays(60)));
    }

    [Fact]
    public void StartSiteInvestigation_WhenFourteenDays_DueDateMovesByThoseBusinessDays()
    {
        // 영 제17조④: at most 14 days, not counted in the period. Due 03-18; + 14 business days: 03-19, 20, 23-27,
        // 30, 31, 04-01, 02, 03, 06, 07. The investigation itself runs 03-12 .. 03-31 (14 business days).
        var voc = NewVoc(VocType.Grievance);

        voc.StartSiteInvestigation(new DateOnly(2026, 3, 12), 14, Seoul.At(2026, 3, 11, 15), Calendar);

        Assert.Equal(Seoul.At(2026, 4, 7, 18), voc.DueAt);
        Assert.Equal(new DateOnly(2026, 3, 31), voc.SiteInvestigationEndsOn);
        Assert.Equal(Seoul.At(2026, 3, 18, 18), voc.OriginalDueAt);
    }

    [Fact]
    public void ExtendSiteInvestigation_WhenSevenDaysOnce_MovesDueDateAgain()
    {
        // 영 제17조⑤: one extension of at most 7 days. 04-07 + 7: 04-08, 09, 10, 13, 14, 15, 16.
        var voc = NewVoc(VocType.Grievance);
        voc.StartSiteInvestigation(new DateOnly(2026, 3, 12), 14, Seoul.At(2026, 3, 11, 15), Calendar);

        voc.ExtendSiteInvestigation(7, Seoul.At(2026, 3, 25, 10), Calendar);

        Assert.Equal(Seoul.At(2026, 4, 16, 18), voc.DueAt);
        Assert.Equal(new DateOnly(2026, 4, 9), voc.SiteInvestigationEndsOn);
        Assert.Equal(21, voc.SiteInvestigationDays);
        var ex = Assert.Throws<CounselingRuleException>(() => voc.ExtendSiteInvestigation(1, Seoul.At(2026, 3, 26, 10), Calendar));
        Assert.Equal("VocSiteInvestigationExtendedOnce", ex.Rule);
    }

    [Theory]
    [InlineData(VocType.Grievance, 15, "VocSiteInvestigationAtMostFourteenDays")]
    [InlineData(VocType.Grievance, 0, "VocSiteInvestigationAtMostFourteenDays")]
    [InlineData(VocType.Suggestion, 5, "VocSiteInvestigationOnlyForGrievances")]
    public void StartSiteInvestigation_WhenOutsideTheRule_ThrowsRule(VocType type, int days, string rule)
    {
        var voc = NewVoc(type);

        var ex = Assert.Throws<CounselingRuleException>(() => voc.StartSiteInvestigation(new DateOnly(2026, 3, 12), days, Tuesday, Calendar));

        Assert.Equal(rule, ex.Rule);
        Assert.Equal(voc.OriginalDueAt, voc.DueAt);
    }

    [Fact]
    public void ExtendSiteInvestigation_WhenMoreThanSevenDays_ThrowsRule()
    {
        var voc = NewVoc(VocType.Grievance);
        voc.StartSiteInvestigation(new DateOnly(2026, 3, 12), 5, Tuesday, Calendar);

        var ex = Assert.Throws<CounselingRuleException>(() => voc.ExtendSiteInvestigation(8, Tuesday, Calendar));

        Assert.Equal("VocSiteInvestigationExtensionAtMostSevenDays", ex.Rule);
    }

    [Theory]
    [InlineData(13, 30, false)] // routed Tue 10:00; 3 working hours: 10:00-12:00 + 13:00-14:00 -> 14:00
    [InlineData(14, 30, true)]
    public void TransferToDepartment_WhenMisrouted_RecordsWhetherWithinThreeWorkingHours(int hour, int minute, bool late)
    {
        var voc = NewVoc();
        voc.RouteTo("보증지원부", Tuesday);

        voc.TransferToDepartment("채무조정부", Seoul.At(2026, 3, 10, hour, minute), Calendar);

        Assert.Equal("채무조정부", voc.Department);
        Assert.Equal(1, voc.TransferCount);
        Assert.Equal(late, voc.TransferredLate);
        Assert.Equal(Seoul.At(2026, 3, 18, 18), voc.DueAt); // the period keeps running from submission
    }

    [Theory]
    [InlineData(9, 30, false)] // received Tue 10:00; 8 working hours: Tue 10-12, 13-18 (7 h), Wed 09-10 -> Wed 10:00
    [InlineData(10, 30, true)]
    public void TransferToAgency_WhenOtherAgencyCompetent_ClosesAndRecordsWhetherWithinEightWorkingHours(int hour, int minute, bool late)
    {
        var voc = NewVoc();

        voc.TransferToAgency("신용회복위원회", Seoul.At(2026, 3, 11, hour, minute), Calendar);

        Assert.Equal(VocStatus.Transferred, voc.Status);
        Assert.Equal("신용회복위원회", voc.TransferredToAgency);
        Assert.Equal(late, voc.TransferredLate);
        Assert.False(voc.IsOpen);
        Assert.False(voc.MarkBreachedIfDue(voc.DueAt.AddDays(1)));
    }

    [Fact]
    public void RouteTo_WhenAlreadyRouted_ThrowsReroutingIsATransfer()
    {
        var voc = NewVoc();
        voc.RouteTo("보증지원부", Tuesday);

        var ex = Assert.Throws<CounselingRuleException>(() => voc.RouteTo("채무조정부", Tuesday.AddHours(1)));

        Assert.Equal("VocReroutingIsATransfer", ex.Rule);
    }

    [Fact]
    public void IsDueForMonthlyCheck_WhenCheckedThisMonth_IsDueAgainNextMonth()
    {
        // 영 제22조: open cases are checked every month.
        var voc = NewVoc(VocType.LegalInquiry);
        Assert.True(voc.IsDueForMonthlyCheck(Seoul.At(2026, 3, 20, 10)));

        voc.RecordStatusCheck(Seoul.At(2026, 3, 20, 10));

        Assert.False(voc.IsDueForMonthlyCheck(Seoul.At(2026, 3, 31, 23, 59)));
        Assert.True(voc.IsDueForMonthlyCheck(Seoul.At(2026, 4, 1, 0, 30)));
        Assert.Equal(new DateOnly(2026, 4, 1), VocDeadlineRules.MonthlyCheckPeriodStart(Seoul.At(2026, 4, 1, 0, 30)));
    }

    [Fact]
    public void OpenCase_WhenEvaluated_AgreesWithIsOpenForEveryStatus()
    {
        var registered = NewVoc();
        var routed = NewVoc();
        routed.RouteTo("보증지원부", Tuesday);
        var resolved = NewVoc();
        resolved.RouteTo("보증지원부", Tuesday);
        resolved.Resolve("답변", Tuesday.AddHours(1));
        var transferred = NewVoc();
        transferred.TransferToAgency("신용회복위원회", Tuesday.AddHours(1), Calendar);
        VocCase[] cases = [registered, routed, resolved, transferred];
        var open = VocCase.OpenCase.Compile();

        Assert.Equal(Enum.GetValues<VocStatus>().Order(), cases.Select(c => c.Status).Order());
        Assert.All(cases, c => Assert.Equal(c.IsOpen, open(c)));
        Assert.All(cases, c => Assert.Equal(c.IsOpen, c.IsDueForMonthlyCheck(Tuesday)));
    }

    [Fact]
    public void VocDeadlineRules_EveryRowIsDatedAndCited()
    {
        Assert.All(VocDeadlineRules.All, r =>
        {
            Assert.All(Enum.GetValues<VocType>(), t => Assert.False(string.IsNullOrWhiteSpace(r.ProcessingPeriods[t].Citation)));
            Assert.Contains("제19조", r.HourCountedUpToDays.Citation, StringComparison.Ordinal);
            Assert.Contains("제21조", r.ExtensionsWithConsent.Citation, StringComparison.Ordinal);
        });
        Assert.Equal(VocDeadlineRules.All.OrderBy(r => r.EffectiveFrom), VocDeadlineRules.All);
        var ex = Assert.Throws<CounselingRuleException>(() => VocDeadlineRules.InForceAt(Seoul.At(2015, 8, 3, 10)));
        Assert.Equal("VocReceiptMustFollowTheCivilPetitionsAct", ex.Rule);
    }

    [Fact]
    public void MarkBreachedIfDue_WhenDuePassed_MarksOnceAndEscalates()
    {
        var voc = NewVoc();
        var after = voc.DueAt.AddMinutes(1);

        var first = voc.MarkBreachedIfDue(after);
        var second = voc.MarkBreachedIfDue(after.AddHours(1));

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, voc.EscalationLevel);
        Assert.Equal(after, voc.BreachedAt);
    }

    [Fact]
    public void MarkBreachedIfDue_WhenExactlyAtDue_DoesNothing()
    {
        var voc = NewVoc();

        Assert.False(voc.MarkBreachedIfDue(voc.DueAt));
        Assert.Null(voc.BreachedAt);
    }

    [Fact]
    public void MarkBreachedIfDue_WhenExtendedBeforeDue_UsesNewDueDate()
    {
        var voc = NewVoc();
        var originalDue = voc.DueAt;
        voc.Extend(3, "사유", "통지", false, Officer, Tuesday, Calendar);

        Assert.False(voc.MarkBreachedIfDue(originalDue.AddHours(1)));
        Assert.True(voc.MarkBreachedIfDue(voc.DueAt.AddHours(1)));
    }

    [Fact]
    public void Resolve_WhenBeforeDue_IsOnTime()
    {
        var voc = NewVoc();
        voc.RouteTo("보증지원부", Tuesday);

        voc.Resolve("확인 결과 안내드립니다.", voc.DueAt);

        Assert.Equal(VocStatus.Resolved, voc.Status);
        Assert.True(voc.ResolvedOnTime);
    }

    [Fact]
    public void Resolve_WhenAfterDue_IsLate()
    {
        var voc = NewVoc();
        voc.RouteTo("보증지원부", Tuesday);

        voc.Resolve("늦어 죄송합니다.", voc.DueAt.AddHours(1));

        Assert.False(voc.ResolvedOnTime);
    }

    [Fact]
    public void Resolve_WhenNotRouted_ThrowsRule()
    {
        var voc = NewVoc();

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Resolve("답변", Tuesday));

        Assert.Equal("VocMustBeRoutedBeforeResolution", ex.Rule);
    }

    [Fact]
    public void RecordSatisfaction_WhenNotResolved_ThrowsRule()
    {
        var voc = NewVoc();

        var ex = Assert.Throws<CounselingRuleException>(() => voc.RecordSatisfaction(5, null, Tuesday));

        Assert.Equal("VocSurveyFollowsResolution", ex.Rule);
    }

    [Fact]
    public void RecordSatisfaction_WhenResolved_RecordsOnce()
    {
        var voc = NewVoc();
        voc.RouteTo("보증지원부", Tuesday);
        voc.Resolve("답변", Tuesday.AddHours(2));

        voc.RecordSatisfaction(4, "친절했습니다", Tuesday.AddDays(1));

        Assert.Equal(4, voc.SatisfactionScore);
        var ex = Assert.Throws<CounselingRuleException>(() => voc.RecordSatisfaction(5, null, Tuesday.AddDays(2)));
        Assert.Equal("VocSurveyIsRecordedOnce", ex.Rule);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void RecordSatisfaction_WhenScoreOutOfRange_ThrowsRule(int score)
    {
        var voc = NewVoc();
        voc.RouteTo("보증지원부", Tuesday);
        voc.Resolve("답변", Tuesday.AddHours(2));

        var ex = Assert.Throws<CounselingRuleException>(() => voc.RecordSatisfaction(score, null, Tuesday.AddDays(1)));

        Assert.Equal("VocSatisfactionScoreBetweenOneAndFive", ex.Rule);
    }
}
