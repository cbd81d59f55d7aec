using Seomin.PersonalData;
using Seomin.Subrogation.Domain.Recourse;

namespace Seomin.Subrogation.Api.Data;

/// <summary>
/// The debtor's identity on a claim (and the recourse claim it opens): the resident registration number encrypted at
/// rest (AES-256-GCM through Seomin.PersonalData) with a blind index for look-ups, and the name, also encrypted.
/// Kept apart from the claim so that nothing else that reads claims ever loads it. Never in events or logs.
/// </summary>
public sealed class DebtorIdentity
{
    public Guid ClaimId { get; set; }

    public ResidentRegistrationNumber Rrn { get; set; }

    public string RrnBlindIndex { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The platform-wide pseudonymous id (keyed HMAC of the RRN): equals the guarantee's customer.</summary>
    public string CustomerId { get; set; } = "";

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A 개인회생 or 신용회복 case registered on a recourse claim: collection stays from registration to its end.</summary>
public sealed class ReliefCase
{
    public Guid Id { get; set; }

    public Guid RecourseId { get; set; }

    public ReliefCaseKind Kind { get; set; }

    public string CaseNumber { get; set; } = "";

    public DateOnly RegisteredOn { get; set; }

    public DateOnly? EndedOn { get; set; }

    public ReliefOutcome? Outcome { get; set; }

    public string RegisteredBy { get; set; } = "";

    public string? EndedBy { get; set; }
}

public enum ReliefCaseKind
{
    /// <summary>개인회생 (채무자회생법).</summary>
    PersonalRehabilitation,

    /// <summary>신용회복 (채무조정, 신용회복위원회).</summary>
    CreditRecovery,
}

/// <summary>
/// A debt-balance certificate (채무잔액 확인서) as issued: what was certified is stored, so the number verifies later
/// against exactly what the debtor was given, however the claim moved since.
/// </summary>
public sealed class BalanceCertificate
{
    /// <summary>DBC-yyyyMMdd-XXXXXXXXXX: the issue day and ten random base-32 characters (not guessable).</summary>
    public string Number { get; set; } = "";

    public Guid RecourseId { get; set; }

    public string CustomerId { get; set; } = "";

    /// <summary>The debtor's name, masked as printed (e.g. 김*수).</summary>
    public string DebtorNameMasked { get; set; } = "";

    public string DebtorRrnMasked { get; set; } = "";

    public DateOnly AsOf { get; set; }

    public long Principal { get; set; }

    public long LateCharge { get; set; }

    public long Costs { get; set; }

    public long Total { get; set; }

    public string IssuedBy { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }
}
