using System.Linq.Expressions;
using Seomin.BusinessTime;

namespace Seomin.Counseling.Domain.Voc;

/// <summary>A voice-of-customer item (고객의 소리) from registration to the satisfaction survey.</summary>
public sealed class VocCase
{
    private readonly List<VocNotice> _notices = [];

    private VocCase()
    {
        Subject = string.Empty;
        Content = string.Empty;
    }

    public Guid Id { get; private set; }

    public VocType Type { get; private set; }

    public VocChannel Channel { get; private set; }

    public string? CustomerId { get; private set; }

    public string Subject { get; private set; }

    public string Content { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    /// <summary>Only for electronic submissions: registration is due 8 working hours after submission.</summary>
    public DateTimeOffset? RegistrationDueAt { get; private set; }

    public bool RegisteredLate { get; private set; }

    public PeriodUnit PeriodUnit { get; private set; }

    public int PeriodAmount { get; private set; }

    public DateTimeOffset OriginalDueAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public int ExtensionCount { get; private set; }

    public string? Department { get; private set; }

    public DateTimeOffset? RoutedAt { get; private set; }

    /// <summary>How often the case moved to another department after a misrouting (부서 간 이송).</summary>
    public int TransferCount { get; private set; }

    /// <summary>The agency that handles the case after it was transferred out (타 기관 이송).</summary>
    public string? TransferredToAgency { get; private set; }

    public DateTimeOffset? TransferredAt { get; private set; }

    /// <summary>Whether any transfer (within the agency or out of it) missed its working-hour window.</summary>
    public bool TransferredLate { get; private set; }

    /// <summary>First day of the site investigation (현장조사), whose business days the period does not count.</summary>
    public DateOnly? SiteInvestigationStartsOn { get; private set; }

    public DateOnly? SiteInvestigationEndsOn { get; private set; }

    /// <summary>Business days of the site investigation, its one extension included.</summary>
    public int SiteInvestigationDays { get; private set; }

    public bool SiteInvestigationExtended { get; private set; }

    /// <summary>Seoul date of the last monthly status check (처리상황 확인·점검).</summary>
    public DateOnly? LastStatusCheckOn { get; private set; }

    public VocStatus Status { get; private set; }

    public DateTimeOffset NextProgressNoticeDueAt { get; private set; }

    public DateTimeOffset? BreachedAt { get; private set; }

    public int EscalationLevel { get; private set; }

    public string? Answer { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public bool? ResolvedOnTime { get; private set; }

    public int? SatisfactionScore { get; private set; }

    public string? SatisfactionComment { get; private set; }

    public DateTimeOffset? SurveyedAt { get; private set; }

    public IReadOnlyList<VocNotice> Notices => _notices;

    public ProcessingPeriod Period => new(PeriodUnit, PeriodAmount);

    public bool IsOpen => Status is not (VocStatus.Resolved or VocStatus.Transferred);

    /// <summary>The period rules this case follows: those in force when it was received.</summary>
    public VocPeriodRules Rules => VocDeadlineRules.InForceAt(SubmittedAt);

    /// <summary>Open cases, as the database queries select them; pinned to <see cref="IsOpen"/> by a test.</summary>
    public static Expression<Func<VocCase, bool>> OpenCase { get; } =
        v => v.Status != VocStatus.Resolved && v.Status != VocStatus.Transferred;

    /// <summary>
    /// Open cases not yet checked in the month that starts on <paramref name="monthStart"/> (영 제22조). One
    /// expression for the domain and the database query.
    /// </summary>
    public static Expression<Func<VocCase, bool>> DueForMonthlyCheck(DateOnly monthStart) =>
        v => v.Status != VocStatus.Resolved && v.Status != VocStatus.Transferred
            && (v.LastStatusCheckOn == null || v.LastStatusCheckOn < monthStart);

    /// <summary>
    /// Registers a VOC. The processing period runs from the customer's submission, so a late registration
    /// does not shorten the customer's wait; lateness itself is recorded.
    /// </summary>
    public static VocCase Register(
        Guid id,
        VocType type,
        VocChannel channel,
        string? customerId,
        string subject,
        string content,
        DateTimeOffset submittedAt,
        DateTimeOffset now,
        BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        submittedAt = Instants.Normalize(submittedAt);
        now = Instants.Normalize(now);
        if (!Enum.IsDefined(type))
        {
            throw new CounselingRuleException("VocTypeMustBeKnown", $"VOC type {type} is unknown.");
        }

        if (submittedAt > now)
        {
            throw new CounselingRuleException("VocSubmissionMustNotBeInTheFuture", "The submission time lies in the future.");
        }

        SensitiveText.EnsureNoRrn(subject, nameof(subject));
        SensitiveText.EnsureNoRrn(content, nameof(content));

        var rules = VocDeadlineRules.InForceAt(submittedAt);
        var period = rules.PeriodFor(type);
        var registrationDue = VocDeadlineRules.IsElectronic(channel)
            ? calendar.AddWorkingTime(submittedAt, rules.RegistrationWindow.Value)
            : (DateTimeOffset?)null;
        var due = rules.DueFrom(period, calendar, submittedAt);
        return new VocCase
        {
            Id = id,
            Type = type,
            Channel = channel,
            CustomerId = customerId,
            Subject = subject,
            Content = content,
            SubmittedAt = Instants.Normalize(submittedAt),
            RegisteredAt = Instants.Normalize(now),
            RegistrationDueAt = registrationDue,
            RegisteredLate = registrationDue is { } r && now > r,
            PeriodUnit = period.Unit,
            PeriodAmount = period.Amount,
            OriginalDueAt = due,
            DueAt = due,
            Status = VocStatus.Registered,
            NextProgressNoticeDueAt = Instants.Normalize(submittedAt).AddDays(rules.ProgressNoticeIntervalDays.Value),
        };
    }

    /// <summary>
    /// Routes the VOC to the handling department (처리부서). Moving it on from there is a transfer
    /// (<see cref="TransferToDepartment"/>), whose working-hour window is recorded.
    /// </summary>
    public void RouteTo(string department, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(department))
        {
            throw new CounselingRuleException("VocDepartmentMustBeNamed", "A handling department is required.");
        }

        if (Department is not null)
        {
            throw new CounselingRuleException("VocReroutingIsATransfer", "The VOC is already routed; transfer it to the right department instead.");
        }

        Department = department.Trim();
        RoutedAt = Instants.Normalize(now);
        Status = VocStatus.Routed;
    }

    /// <summary>
    /// Extends the due date within the original period before it passes (영 제21조①): once on the agency's decision,
    /// once more only with the customer's consent, never a third time. The notice to the customer states the reason,
    /// the expected completion date and the responsible officer.
    /// </summary>
    public void Extend(
        int amount,
        string reason,
        string noticeText,
        bool customerConsented,
        string responsibleOfficer,
        DateTimeOffset now,
        BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        EnsureOpen();
        var rules = Rules;
        if (ExtensionCount >= rules.ExtensionsWithoutConsent.Value + rules.ExtensionsWithConsent.Value)
        {
            throw new CounselingRuleException(
                "VocExtendedAtMostTwice",
                $"A VOC is extended at most twice, the second time with the customer's consent ({rules.ExtensionsWithConsent.Citation}).");
        }

        if (now > DueAt)
        {
            throw new CounselingRuleException("VocExtensionMustPrecedeDueDate", "The due date has passed; a VOC cannot be extended after it.");
        }

        if (amount <= 0 || amount > PeriodAmount)
        {
            throw new CounselingRuleException(
                "VocExtensionMustStayWithinOriginalPeriod",
                $"An extension must be between 1 and {PeriodAmount} ({Period}).");
        }

        if (ExtensionCount >= rules.ExtensionsWithoutConsent.Value && !customerConsented)
        {
            throw new CounselingRuleException("VocSecondExtensionNeedsCustomerConsent", "A further extension needs the customer's consent.");
        }

        if (string.IsNullOrWhiteSpace(reason) || string.IsNullOrWhiteSpace(noticeText))
        {
            throw new CounselingRuleException("VocExtensionNeedsReasonAndCustomerNotice", "An extension needs a reason and the notice sent to the customer.");
        }

        if (string.IsNullOrWhiteSpace(responsibleOfficer))
        {
            throw new CounselingRuleException("VocExtensionNoticeNamesResponsibleOfficer", "The extension notice names the officer responsible for the VOC.");
        }

        SensitiveText.EnsureNoRrn(noticeText, nameof(noticeText));
        SensitiveText.EnsureNoRrn(responsibleOfficer, nameof(responsibleOfficer));
        DueAt = rules.DueFrom(new ProcessingPeriod(PeriodUnit, amount), calendar, DueAt);
        ExtensionCount++;
        _notices.Add(VocNotice.Create(Id, VocNoticeKind.Extension, $"{reason.Trim()}\n{noticeText.Trim()}", now, DueAt, responsibleOfficer.Trim()));
    }

    /// <summary>
    /// Records a progress notice (처리 진행상황 통지) with the expected completion date. Notices fall due every 30 days
    /// counted from receipt (영 제23조②), not from the last notice: a notice answers the next due date when sent within
    /// the 30 days before it (or late, after it), and then the following one falls due.
    /// </summary>
    public void SendProgressNotice(string text, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CounselingRuleException("VocProgressNoticeNeedsText", "A progress notice needs its text.");
        }

        SensitiveText.EnsureNoRrn(text, nameof(text));
        now = Instants.Normalize(now);
        var interval = TimeSpan.FromDays(Rules.ProgressNoticeIntervalDays.Value);
        if (now > NextProgressNoticeDueAt - interval)
        {
            var next = NextProgressNoticeDueAt + interval;
            while (next <= now)
            {
                next += interval;
            }

            NextProgressNoticeDueAt = next;
        }

        _notices.Add(VocNotice.Create(Id, VocNoticeKind.Progress, text.Trim(), now, DueAt, null));
    }

    /// <summary>
    /// Starts a site investigation (현장조사) of a grievance: at most 14 business days from <paramref name="startsOn"/>,
    /// which the processing period does not count (영 제17조④), so the due date moves by those days.
    /// </summary>
    public void StartSiteInvestigation(DateOnly startsOn, int days, DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        EnsureOpen();
        var rules = Rules;
        if (!VocDeadlineRules.AllowsSiteInvestigation(Type))
        {
            throw new CounselingRuleException("VocSiteInvestigationOnlyForGrievances", "Only a grievance (고충민원) pauses for a site investigation.");
        }

        if (SiteInvestigationStartsOn is not null)
        {
            throw new CounselingRuleException("VocSiteInvestigationHappensOnce", "This VOC already has a site investigation; extend it instead.");
        }

        if (days < 1 || days > rules.SiteInvestigationMaxDays.Value)
        {
            throw new CounselingRuleException(
                "VocSiteInvestigationAtMostFourteenDays",
                $"A site investigation lasts 1 to {rules.SiteInvestigationMaxDays.Value} days ({rules.SiteInvestigationMaxDays.Citation}).");
        }

        if (now > DueAt)
        {
            throw new CounselingRuleException("VocSiteInvestigationMustPrecedeDueDate", "The due date has passed.");
        }

        if (startsOn < BusinessClock.SeoulDate(SubmittedAt) || startsOn > BusinessClock.SeoulDate(DueAt))
        {
            throw new CounselingRuleException("VocSiteInvestigationWithinProcessingPeriod", "A site investigation starts between receipt and the due date.");
        }

        SiteInvestigationStartsOn = startsOn;
        SiteInvestigationDays = days;
        SiteInvestigationEndsOn = calendar.NthBusinessDayFrom(startsOn, days);
        DueAt = calendar.EndOfDayPeriod(DueAt, days);
    }

    /// <summary>Extends the site investigation once, by at most 7 business days, before it ends (영 제17조⑤).</summary>
    public void ExtendSiteInvestigation(int days, DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        EnsureOpen();
        var rules = Rules;
        if (SiteInvestigationStartsOn is not { } startsOn || SiteInvestigationEndsOn is not { } endsOn)
        {
            throw new CounselingRuleException("VocSiteInvestigationMustBeStarted", "There is no site investigation to extend.");
        }

        if (SiteInvestigationExtended)
        {
            throw new CounselingRuleException("VocSiteInvestigationExtendedOnce", $"A site investigation is extended once ({rules.SiteInvestigationExtensionMaxDays.Citation}).");
        }

        if (days < 1 || days > rules.SiteInvestigationExtensionMaxDays.Value)
        {
            throw new CounselingRuleException(
                "VocSiteInvestigationExtensionAtMostSevenDays",
                $"A site investigation is extended by 1 to {rules.SiteInvestigationExtensionMaxDays.Value} days.");
        }

        if (now > BusinessClock.At(endsOn, BusinessCalendar.WorkdayEnd))
        {
            throw new CounselingRuleException("VocSiteInvestigationExtensionMustPrecedeItsEnd", "The site investigation has ended.");
        }

        SiteInvestigationDays += days;
        SiteInvestigationExtended = true;
        SiteInvestigationEndsOn = calendar.NthBusinessDayFrom(startsOn, SiteInvestigationDays);
        DueAt = calendar.EndOfDayPeriod(DueAt, days);
    }

    /// <summary>
    /// Moves a misrouted VOC to the right department. The move is due within 3 working hours of the wrong department
    /// receiving it; a late move is recorded. The processing period keeps running from the customer's submission.
    /// </summary>
    public void TransferToDepartment(string department, DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        EnsureOpen();
        if (Department is null || RoutedAt is not { } routedAt)
        {
            throw new CounselingRuleException("VocTransferFollowsRouting", "Route the VOC before transferring it.");
        }

        if (string.IsNullOrWhiteSpace(department) || string.Equals(department.Trim(), Department, StringComparison.Ordinal))
        {
            throw new CounselingRuleException("VocTransferNeedsAnotherDepartment", "Name the department the VOC moves to.");
        }

        now = Instants.Normalize(now);
        var due = calendar.AddWorkingTime(routedAt, Rules.InternalTransferWindow.Value);
        TransferredLate |= now > due;
        TransferCount++;
        Department = department.Trim();
        RoutedAt = now;
        Status = VocStatus.Routed;
    }

    /// <summary>
    /// Transfers a VOC that another agency is competent for (법 제16조), due within 8 working hours of receipt; a
    /// late transfer is recorded. The case closes here: the other agency answers it.
    /// </summary>
    public void TransferToAgency(string agency, DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(agency))
        {
            throw new CounselingRuleException("VocTransferNeedsAgency", "Name the agency the VOC is transferred to.");
        }

        now = Instants.Normalize(now);
        var due = calendar.AddWorkingTime(SubmittedAt, Rules.ExternalTransferWindow.Value);
        TransferredLate |= now > due;
        TransferredToAgency = agency.Trim();
        TransferredAt = now;
        Status = VocStatus.Transferred;
    }

    /// <summary>Records this month's status check of an open VOC (영 제22조).</summary>
    public void RecordStatusCheck(DateTimeOffset now)
    {
        EnsureOpen();
        LastStatusCheckOn = BusinessClock.SeoulDate(now);
    }

    public bool IsDueForMonthlyCheck(DateTimeOffset now) =>
        DueForMonthlyCheck(VocDeadlineRules.MonthlyCheckPeriodStart(now)).Compile()(this);

    public bool IsProgressNoticeOverdue(DateTimeOffset now) => IsOpen && now > NextProgressNoticeDueAt;

    public bool IsBreached(DateTimeOffset now) => IsOpen && now > DueAt;

    /// <summary>Marks the breach once and escalates; returns false when nothing changed.</summary>
    public bool MarkBreachedIfDue(DateTimeOffset now)
    {
        if (!IsBreached(now) || BreachedAt is not null)
        {
            return false;
        }

        BreachedAt = Instants.Normalize(now);
        EscalationLevel++;
        return true;
    }

    public void Resolve(string answer, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(answer))
        {
            throw new CounselingRuleException("VocResolutionNeedsAnswer", "A VOC is resolved with an answer to the customer.");
        }

        if (Department is null)
        {
            throw new CounselingRuleException("VocMustBeRoutedBeforeResolution", "Route the VOC to a handling department first.");
        }

        SensitiveText.EnsureNoRrn(answer, nameof(answer));
        Answer = answer.Trim();
        ResolvedAt = Instants.Normalize(now);
        ResolvedOnTime = now <= DueAt;
        Status = VocStatus.Resolved;
        _notices.Add(VocNotice.Create(Id, VocNoticeKind.Answer, Answer, now));
    }

    /// <summary>Records the satisfaction survey (만족도 조사) once, after resolution; score 1 (poor) to 5 (excellent).</summary>
    public void RecordSatisfaction(int score, string? comment, DateTimeOffset now)
    {
        if (Status != VocStatus.Resolved)
        {
            throw new CounselingRuleException("VocSurveyFollowsResolution", "The satisfaction survey follows the resolution.");
        }

        if (SurveyedAt is not null)
        {
            throw new CounselingRuleException("VocSurveyIsRecordedOnce", "The satisfaction survey was already recorded.");
        }

        if (score is < 1 or > 5)
        {
            throw new CounselingRuleException("VocSatisfactionScoreBetweenOneAndFive", "The satisfaction score is 1 to 5.");
        }

        SensitiveText.EnsureNoRrn(comment, nameof(comment));
        SatisfactionScore = score;
        SatisfactionComment = comment?.Trim();
        SurveyedAt = Instants.Normalize(now);
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new CounselingRuleException("VocMustBeOpen", "The VOC is already resolved or transferred.");
        }
    }
}

/// <summary>A notice sent to the customer about a VOC: extension, progress or answer.</summary>
public sealed class VocNotice
{
    private VocNotice()
    {
        Text = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid VocId { get; private set; }

    public VocNoticeKind Kind { get; private set; }

    public string Text { get; private set; }

    public DateTimeOffset SentAt { get; private set; }

    /// <summary>The expected completion date (처리완료 예정일) the notice told the customer.</summary>
    public DateTimeOffset? ExpectedCompletionAt { get; private set; }

    /// <summary>The officer responsible for the VOC (담당자), named in an extension notice.</summary>
    public string? ResponsibleOfficer { get; private set; }

    internal static VocNotice Create(
        Guid vocId,
        VocNoticeKind kind,
        string text,
        DateTimeOffset sentAt,
        DateTimeOffset? expectedCompletionAt = null,
        string? responsibleOfficer = null) => new()
    {
        Id = Guid.CreateVersion7(),
        VocId = vocId,
        Kind = kind,
        Text = text,
        SentAt = Instants.Normalize(sentAt),
        ExpectedCompletionAt = expectedCompletionAt,
        ResponsibleOfficer = responsibleOfficer,
    };
}
