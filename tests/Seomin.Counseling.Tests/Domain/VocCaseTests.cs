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

    private static VocCase NewVoc(
        VocType type = VocType.Grievance,
        VocChannel channel = VocChannel.Call,
        DateTimeOffset? submittedAt = null,
        DateTimeOffset? now = null,
        string content = "상담 대기시간이 너무 깁니다.") =>
        VocCase.Register(Guid.CreateVersion7(), type, channel, "CTEST", "대기시간", content, submittedAt ?? Tuesday, now ?? submittedAt ?? Tuesday, Calendar);

    [Theory]
    [InlineData(VocType.Grievance, 19)]
    [InlineData(VocType.Complaint, 19)]
    [InlineData(VocType.ProceduralInquiry, 19)]
    [InlineData(VocType.Suggestion, 30)]
    [InlineData(VocType.LegalInquiry, 30)]
    [InlineData(VocType.Praise, 30)]
    public void Register_WhenBusinessDayType_DueAtEndOfNthBusinessDay(VocType type, int expectedDay)
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

        Assert.Equal(Seoul.At(2025, 10, 20, 18), voc.DueAt);
    }

    [Fact]
    public void Register_WhenElectronicSubmissionRegisteredWithinEightWorkingHours_IsNotLate()
    {
        var submitted = Seoul.At(2026, 3, 6, 14); // Friday

        var voc = NewVoc(channel: VocChannel.Web, submittedAt: submitted, now: Seoul.At(2026, 3, 9, 12));

        Assert.Equal(Seoul.At(2026, 3, 9, 13), voc.RegistrationDueAt);
        Assert.False(voc.RegisteredLate);
    }

    [Fact]
    public void Register_WhenElectronicSubmissionRegisteredAfterEightWorkingHours_IsLate()
    {
        var voc = NewVoc(channel: VocChannel.App, submittedAt: Seoul.At(2026, 3, 6, 14), now: Seoul.At(2026, 3, 9, 14));

        Assert.True(voc.RegisteredLate);
        Assert.Equal(Seoul.At(2026, 3, 17, 18), voc.DueAt); // period runs from submission, not registration
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

        voc.Extend(7, "현장 확인 필요", "처리기간을 연장합니다.", customerConsented: false, Tuesday.AddDays(2), Calendar);

        Assert.Equal(Seoul.At(2026, 3, 30, 18), voc.DueAt);
        Assert.Equal(1, voc.ExtensionCount);
        Assert.Single(voc.Notices, n => n.Kind == VocNoticeKind.Extension);
    }

    [Fact]
    public void Extend_WhenLongerThanOriginalPeriod_ThrowsRule()
    {
        var voc = NewVoc();

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(8, "사유", "통지", false, Tuesday, Calendar));

        Assert.Equal("VocExtensionMustStayWithinOriginalPeriod", ex.Rule);
    }

    [Fact]
    public void Extend_WhenDueDatePassed_ThrowsRule()
    {
        var voc = NewVoc();

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(3, "사유", "통지", true, voc.DueAt.AddMinutes(1), Calendar));

        Assert.Equal("VocExtensionMustPrecedeDueDate", ex.Rule);
        Assert.Equal(0, voc.ExtensionCount);
    }

    [Fact]
    public void Extend_WhenSecondWithoutConsent_ThrowsRule()
    {
        var voc = NewVoc();
        voc.Extend(3, "사유", "통지", false, Tuesday, Calendar);

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(3, "사유", "통지", false, Tuesday, Calendar));

        Assert.Equal("VocSecondExtensionNeedsCustomerConsent", ex.Rule);
        Assert.Equal(1, voc.ExtensionCount);
    }

    [Fact]
    public void Extend_WhenSecondWithConsent_Extends()
    {
        var voc = NewVoc();
        voc.Extend(3, "사유", "통지", false, Tuesday, Calendar);
        var dueAfterFirst = voc.DueAt;

        voc.Extend(2, "사유", "동의 받아 재연장", true, Tuesday, Calendar);

        Assert.Equal(2, voc.ExtensionCount);
        Assert.Equal(Calendar.EndOfBusinessDaysAfter(dueAfterFirst, 2), voc.DueAt);
    }

    [Fact]
    public void Extend_WhenSimpleRequest_ExtendsInWorkingHours()
    {
        var voc = NewVoc(VocType.SimpleRequest, submittedAt: Seoul.At(2026, 3, 10, 9));

        voc.Extend(3, "사유", "통지", false, Seoul.At(2026, 3, 10, 10), Calendar);

        Assert.Equal(Seoul.At(2026, 3, 10, 15), voc.DueAt);
    }

    [Fact]
    public void Extend_WhenNoNoticeText_ThrowsRule()
    {
        var voc = NewVoc();

        var ex = Assert.Throws<CounselingRuleException>(() => voc.Extend(3, "사유", " ", false, Tuesday, Calendar));

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
    public void SendProgressNotice_WhenSent_NextIsDueThirtyDaysLater()
    {
        var voc = NewVoc(VocType.LegalInquiry);
        var sentAt = Tuesday.AddDays(25);

        voc.SendProgressNotice("검토 중입니다.", sentAt);

        Assert.Equal(sentAt.AddDays(30), voc.NextProgressNoticeDueAt);
        Assert.False(voc.IsProgressNoticeOverdue(Tuesday.AddDays(40)));
        Assert.True(voc.IsProgressNoticeOverdue(sentAt.AddDays(31)));
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
        voc.Extend(3, "사유", "통지", false, Tuesday, Calendar);

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
