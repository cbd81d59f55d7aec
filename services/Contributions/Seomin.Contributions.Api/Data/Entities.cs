using Seomin.Contributions.Domain.Institutions;
using Seomin.Contributions.Domain.Ledger;

namespace Seomin.Contributions.Api.Data;

/// <summary>A contributing institution (seeded from <see cref="InstitutionCatalogue"/>).</summary>
public sealed class Institution
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public Sector Sector { get; set; }

    public LegalCategory Category { get; set; }

    public RateGroup RateGroup { get; set; }

    public FilingRoute Route { get; set; }

    public string? FederationCode { get; set; }
}

/// <summary>A federation (중앙회) that files for its members (시행령 제42조 제7항).</summary>
public sealed class Federation
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";
}

public enum FilingKind
{
    Original,
    Correction,
}

public enum FilingSource
{
    Api,
    Csv,
}

/// <summary>An evidence attachment's metadata (the file itself stays with the institution's document store).</summary>
public sealed class EvidenceItem
{
    public string FileName { get; set; } = "";

    public string? Sha256 { get; set; }

    public long? SizeBytes { get; set; }

    public string? Description { get; set; }
}

/// <summary>
/// A monthly filing (월별 출연기준 신고). Append-only: a correction is a new filing for the same month naming the one it
/// corrects; the latest filing of a month is its effective one.
/// </summary>
public sealed class Filing
{
    public Guid Id { get; set; }

    public string InstitutionCode { get; set; } = "";

    public DateOnly Month { get; set; }

    public FilingKind Kind { get; set; }

    public Guid? CorrectsFilingId { get; set; }

    public string? CorrectionReason { get; set; }

    public long AverageLoanBalance { get; set; }

    public long AverageGuaranteedBalance { get; set; }

    public List<EvidenceItem> Evidence { get; set; } = [];

    public FilingSource Source { get; set; }

    /// <summary>The CSV row it came from (1-based, after the header), for a file.</summary>
    public int? SourceRow { get; set; }

    public string FiledBy { get; set; } = "";

    public DateTimeOffset FiledAt { get; set; }

    /// <summary>The later assessment a correction of an already assessed month was netted into.</summary>
    public Guid? NettedIntoAssessmentId { get; set; }
}

public enum AssessmentStatus
{
    Open,
    Overdue,
    Paid,
}

/// <summary>One month's contributions for an institution (출연금 부과), with what has been paid against it.</summary>
public sealed class Assessment
{
    public Guid Id { get; set; }

    public string InstitutionCode { get; set; } = "";

    public DateOnly Month { get; set; }

    public Guid FilingId { get; set; }

    public long AverageLoanBalance { get; set; }

    public long AverageGuaranteedBalance { get; set; }

    public long Common { get; set; }

    public long Differential { get; set; }

    public decimal CommonRate { get; set; }

    public decimal TierRate { get; set; }

    public decimal SubrogationIndex { get; set; }

    public long ReliefDeduction { get; set; }

    public string Citations { get; set; } = "";

    /// <summary>Net of corrections to earlier months netted in (may be negative).</summary>
    public long Adjustments { get; set; }

    /// <summary>What is owed: max(0, common + differential + adjustments); a negative remainder is held as unapplied cash.</summary>
    public long Total { get; set; }

    public DateOnly DueOn { get; set; }

    public long PrincipalPaid { get; set; }

    public long InterestCharged { get; set; }

    public long InterestPaid { get; set; }

    public DateOnly? InterestAccruedTo { get; set; }

    public AssessmentStatus Status { get; set; }

    public DateOnly? OverdueNotifiedOn { get; set; }

    public DateOnly? LastReminderOn { get; set; }

    public string AssessedBy { get; set; } = "";

    public DateTimeOffset AssessedAt { get; set; }

    public long Outstanding => Total - PrincipalPaid + InterestCharged - InterestPaid;

    public List<AssessmentAdjustment> AdjustmentLines { get; set; } = [];
}

/// <summary>A correction of an earlier month netted into a later assessment: recomputed minus what that month was charged.</summary>
public sealed class AssessmentAdjustment
{
    public Guid Id { get; set; }

    public Guid AssessmentId { get; set; }

    public Guid CorrectionFilingId { get; set; }

    public DateOnly ForMonth { get; set; }

    public long PreviouslyCharged { get; set; }

    public long Recomputed { get; set; }

    public long Delta { get; set; }

    public string Evidence { get; set; } = "";
}

public enum PaymentSource
{
    Api,
    BankStatement,
}

/// <summary>Money received (입금), from the API or a bank statement line; its bank reference is unique.</summary>
public sealed class Payment
{
    public Guid Id { get; set; }

    public string BankReference { get; set; } = "";

    public string? InstitutionCode { get; set; }

    public Guid? AssessmentId { get; set; }

    public long Amount { get; set; }

    public DateOnly ReceivedOn { get; set; }

    public PaymentSource Source { get; set; }

    public long ToInterest { get; set; }

    public long ToPrincipal { get; set; }

    public long Unapplied { get; set; }

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Money held that is not (yet) applied to an assessment: never lost, applied later by an officer.</summary>
public sealed class UnappliedCash
{
    public Guid Id { get; set; }

    public Guid? PaymentId { get; set; }

    public Guid? SourceAssessmentId { get; set; }

    public string? InstitutionCode { get; set; }

    public long Amount { get; set; }

    public long Remaining { get; set; }

    public string Reason { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public enum NoticeKind
{
    Notice,
    Reminder,
    Overdue,
}

/// <summary>A notice (납부고지) or reminder (독촉) sent for an assessment.</summary>
public sealed class CollectionNotice
{
    public Guid Id { get; set; }

    public Guid AssessmentId { get; set; }

    public NoticeKind Kind { get; set; }

    public DateOnly On { get; set; }

    public long Outstanding { get; set; }

    public int DaysOverdue { get; set; }
}

/// <summary>A subrogation payment to a lender (from <c>SubrogationPaid</c>): the numerator of the subrogation-rate index.</summary>
public sealed class SubrogationPayment
{
    /// <summary>The claim paid: a claim is paid once, so a republished event counts once.</summary>
    public Guid ClaimId { get; set; }

    public string LenderCode { get; set; } = "";

    public string FundCode { get; set; } = "";

    public long Amount { get; set; }

    public DateOnly PaidOn { get; set; }
}

/// <summary>The head of a fund's ledger: its last sequence number (locked per posting, so sequences increase without gaps).</summary>
public sealed class FundHead
{
    public string FundCode { get; set; } = "";

    public string Name { get; set; } = "";

    public long Sequence { get; set; }
}

/// <summary>One posting of a fund's ledger (append-only). Its source (an event id or an operation id) is unique per kind.</summary>
public sealed class JournalEntry
{
    public Guid Id { get; set; }

    public string FundCode { get; set; } = "";

    public long Sequence { get; set; }

    public PostingKind Kind { get; set; }

    public string SourceType { get; set; } = "";

    public string SourceId { get; set; } = "";

    public long Amount { get; set; }

    public DateOnly On { get; set; }

    public string? Description { get; set; }

    /// <summary>For contributions to a fund: the contributor's group (e.g. 인천시, 중앙정부, 금융회사, 금융회사 의무출연, 설립시).</summary>
    public string? ContributorGroup { get; set; }

    public string? ContributorName { get; set; }

    /// <summary>The programme a special contribution is earmarked for (e.g. 코로나19 특례보증).</summary>
    public string? Programme { get; set; }

    /// <summary>The plan line it counts against in plan vs actual (e.g. 인천시, 기초단체, 의무출연, 기타).</summary>
    public string? PlanLine { get; set; }

    public long BalanceAfter { get; set; }

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }

    public List<LedgerLine> Lines { get; set; } = [];
}

public sealed class LedgerLine
{
    public Guid Id { get; set; }

    public Guid EntryId { get; set; }

    public string FundCode { get; set; } = "";

    public LedgerAccount Account { get; set; }

    public long Debit { get; set; }

    public long Credit { get; set; }
}

/// <summary>A planned contribution to a fund for a year and plan line (출연 계획).</summary>
public sealed class ContributionPlan
{
    public Guid Id { get; set; }

    public string FundCode { get; set; } = "";

    public int Year { get; set; }

    public string PlanLine { get; set; } = "";

    public string? Programme { get; set; }

    public long Amount { get; set; }
}
