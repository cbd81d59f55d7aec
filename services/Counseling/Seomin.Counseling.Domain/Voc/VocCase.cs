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

    public bool IsOpen => Status != VocStatus.Resolved;

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

        var period = VocDeadlineRules.PeriodFor(type);
        var registrationDue = VocDeadlineRules.IsElectronic(channel)
            ? calendar.AddWorkingTime(submittedAt, VocDeadlineRules.RegistrationWindow)
            : (DateTimeOffset?)null;
        var due = period.DueFrom(calendar, submittedAt);
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
            NextProgressNoticeDueAt = Instants.Normalize(submittedAt).AddDays(VocDeadlineRules.ProgressNoticeIntervalDays),
        };
    }

    /// <summary>Routes the VOC to the handling department (처리부서); re-routing is allowed while open.</summary>
    public void RouteTo(string department, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(department))
        {
            throw new CounselingRuleException("VocDepartmentMustBeNamed", "A handling department is required.");
        }

        Department = department.Trim();
        RoutedAt = Instants.Normalize(now);
        Status = VocStatus.Routed;
    }

    /// <summary>
    /// Extends the due date once, by at most the original period, before the due date passes, with a notice to
    /// the customer. A further extension needs the customer's consent.
    /// </summary>
    public void Extend(int amount, string reason, string noticeText, bool customerConsented, DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        EnsureOpen();
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

        if (ExtensionCount >= 1 && !customerConsented)
        {
            throw new CounselingRuleException("VocSecondExtensionNeedsCustomerConsent", "A further extension needs the customer's consent.");
        }

        if (string.IsNullOrWhiteSpace(reason) || string.IsNullOrWhiteSpace(noticeText))
        {
            throw new CounselingRuleException("VocExtensionNeedsReasonAndCustomerNotice", "An extension needs a reason and the notice sent to the customer.");
        }

        SensitiveText.EnsureNoRrn(noticeText, nameof(noticeText));
        DueAt = new ProcessingPeriod(PeriodUnit, amount).DueFrom(calendar, DueAt);
        ExtensionCount++;
        _notices.Add(VocNotice.Create(Id, VocNoticeKind.Extension, $"{reason.Trim()}\n{noticeText.Trim()}", now));
    }

    /// <summary>Records a progress notice (중간 통지) to the customer; the next one is due 30 days later.</summary>
    public void SendProgressNotice(string text, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CounselingRuleException("VocProgressNoticeNeedsText", "A progress notice needs its text.");
        }

        SensitiveText.EnsureNoRrn(text, nameof(text));
        NextProgressNoticeDueAt = Instants.Normalize(now).AddDays(VocDeadlineRules.ProgressNoticeIntervalDays);
        _notices.Add(VocNotice.Create(Id, VocNoticeKind.Progress, text.Trim(), now));
    }

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
            throw new CounselingRuleException("VocMustBeOpen", "The VOC is already resolved.");
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

    internal static VocNotice Create(Guid vocId, VocNoticeKind kind, string text, DateTimeOffset sentAt) => new()
    {
        Id = Guid.CreateVersion7(),
        VocId = vocId,
        Kind = kind,
        Text = text,
        SentAt = Instants.Normalize(sentAt),
    };
}
