namespace Seomin.Counseling.Domain.Sessions;

/// <summary>Channels a counseling session (상담) can come through.</summary>
public enum CounselingChannel
{
    /// <summary>1397 콜센터.</summary>
    Call1397,
    Chat,
    CallbackReservation,

    /// <summary>통합지원센터 방문 (needs the centre code).</summary>
    CentreVisit,

    /// <summary>찾아가는 현장상담.</summary>
    FieldCounseling,
    App,
    ChatbotHandoff,
}

public enum CounselingCategory
{
    GuaranteeProducts,
    DebtAdjustment,
    DormantAssets,
    IllegalPrivateLending,
    Employment,
    Other,
}

public enum CounselingOutcome
{
    Answered,
    Referred,
    FollowUpRequired,
    ApplicationGuided,
    Unresolved,
}

/// <summary>Institutions a counselor refers customers to (연계기관).</summary>
public enum ReferralInstitution
{
    /// <summary>신용회복위원회.</summary>
    CreditCounsellingAndRecoveryService,

    /// <summary>고용센터.</summary>
    EmploymentCentre,

    /// <summary>지방자치단체.</summary>
    LocalGovernment,

    /// <summary>법률구조공단 and similar.</summary>
    LegalAid,
    Other,
}

/// <summary>A counseling session on any channel.</summary>
public sealed class CounselingSession
{
    private readonly List<Referral> _referrals = [];
    private readonly List<FollowUpTask> _followUps = [];

    private CounselingSession()
    {
        CounselorId = string.Empty;
        Notes = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Pseudonymous customer id; null when the person stayed anonymous.</summary>
    public string? CustomerId { get; private set; }

    /// <summary>True when the counselor identified the person by RRN (the number itself is stored apart, encrypted).</summary>
    public bool IdentifiedByRrn { get; private set; }

    public string CounselorId { get; private set; }

    public CounselingChannel Channel { get; private set; }

    public string? CentreCode { get; private set; }

    public CounselingCategory Category { get; private set; }

    public string Notes { get; private set; }

    public CounselingOutcome Outcome { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public Guid? ReservationId { get; private set; }

    public IReadOnlyList<Referral> Referrals => _referrals;

    public IReadOnlyList<FollowUpTask> FollowUps => _followUps;

    public static CounselingSession Record(
        Guid id,
        string? customerId,
        bool identifiedByRrn,
        string counselorId,
        CounselingChannel channel,
        string? centreCode,
        CounselingCategory category,
        string notes,
        CounselingOutcome outcome,
        DateTimeOffset startedAt,
        DateTimeOffset now,
        Guid? reservationId = null)
    {
        if (string.IsNullOrWhiteSpace(counselorId))
        {
            throw new CounselingRuleException("SessionNeedsCounselor", "A session is recorded by a counselor.");
        }

        if (channel == CounselingChannel.CentreVisit && string.IsNullOrWhiteSpace(centreCode))
        {
            throw new CounselingRuleException("CentreVisitNeedsCentre", "A centre visit names the integrated support centre.");
        }

        if (startedAt > now)
        {
            throw new CounselingRuleException("SessionMustNotStartInTheFuture", "The session start lies in the future.");
        }

        SensitiveText.EnsureNoRrn(notes, nameof(notes));
        return new CounselingSession
        {
            Id = id,
            CustomerId = customerId,
            IdentifiedByRrn = identifiedByRrn,
            CounselorId = counselorId.Trim(),
            Channel = channel,
            CentreCode = string.IsNullOrWhiteSpace(centreCode) ? null : centreCode.Trim(),
            Category = category,
            Notes = notes.Trim(),
            Outcome = outcome,
            StartedAt = Instants.Normalize(startedAt),
            RecordedAt = Instants.Normalize(now),
            ReservationId = reservationId,
        };
    }

    public void ReferTo(ReferralInstitution institution, string? note)
    {
        SensitiveText.EnsureNoRrn(note, "referrals.note");
        _referrals.Add(new Referral(Guid.CreateVersion7(), Id, institution, note?.Trim()));
    }

    public FollowUpTask AddFollowUp(string description, DateOnly dueOn, string? assignee, DateOnly today)
    {
        SensitiveText.EnsureNoRrn(description, "followUps.description");
        if (string.IsNullOrWhiteSpace(description))
        {
            throw new CounselingRuleException("FollowUpNeedsDescription", "A follow-up task needs a description.");
        }

        if (dueOn < today)
        {
            throw new CounselingRuleException("FollowUpMustNotBeDueInThePast", "A follow-up task cannot be due in the past.");
        }

        var task = new FollowUpTask(Guid.CreateVersion7(), Id, description.Trim(), dueOn, assignee?.Trim() ?? CounselorId);
        _followUps.Add(task);
        return task;
    }

    public void CompleteFollowUp(Guid taskId, DateTimeOffset now)
    {
        var task = _followUps.FirstOrDefault(t => t.Id == taskId)
            ?? throw new CounselingRuleException("FollowUpMustExist", "No such follow-up task on this session.");
        task.Complete(now);
    }
}

public sealed class Referral(Guid id, Guid sessionId, ReferralInstitution institution, string? note)
{
    public Guid Id { get; private set; } = id;

    public Guid SessionId { get; private set; } = sessionId;

    public ReferralInstitution Institution { get; private set; } = institution;

    public string? Note { get; private set; } = note;
}

public sealed class FollowUpTask(Guid id, Guid sessionId, string description, DateOnly dueOn, string assignee)
{
    public Guid Id { get; private set; } = id;

    public Guid SessionId { get; private set; } = sessionId;

    public string Description { get; private set; } = description;

    public DateOnly DueOn { get; private set; } = dueOn;

    public string Assignee { get; private set; } = assignee;

    public DateTimeOffset? CompletedAt { get; private set; }

    internal void Complete(DateTimeOffset now)
    {
        if (CompletedAt is not null)
        {
            throw new CounselingRuleException("FollowUpCompletesOnce", "The follow-up task is already completed.");
        }

        CompletedAt = Instants.Normalize(now);
    }
}
