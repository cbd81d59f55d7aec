namespace Seomin.DormantAssets.Api.Data;

/// <summary>Whether a transfer batch's rows are in: the whole batch commits in one transaction, so a batch row exists only when complete.</summary>
public enum BatchStatus
{
    Completed,
}

/// <summary>
/// One institution's transfer batch (출연 명세). Its identity is the institution and its reference, and, so the same
/// file under a new reference is still refused, the institution and the content hash (both unique).
/// </summary>
public sealed class TransferBatch
{
    public Guid Id { get; set; }

    public string InstitutionCode { get; set; } = "";

    public string InstitutionName { get; set; } = "";

    public Domain.Assets.InstitutionSector Sector { get; set; }

    public string BatchReference { get; set; } = "";

    /// <summary>SHA-256 of the lines as received (hex).</summary>
    public string ContentHash { get; set; } = "";

    public BatchStatus Status { get; set; }

    public int TotalLines { get; set; }

    public int AcceptedLines { get; set; }

    public int RejectedLines { get; set; }

    public long AcceptedAmount { get; set; }

    public DateOnly TransferredOn { get; set; }

    public string SubmittedBy { get; set; } = "";

    public DateTimeOffset CompletedAt { get; set; }
}

/// <summary>A rejected line of a batch: its number (1 = first data line after the header) and why.</summary>
public sealed class TransferRejection
{
    public Guid BatchId { get; set; }

    public int LineNumber { get; set; }

    public string Code { get; set; } = "";

    public string Reason { get; set; } = "";
}

/// <summary>A verification id the service accepted: single use (its primary key), never accepted twice.</summary>
public sealed class VerificationUse
{
    public string VerificationId { get; set; } = "";

    public string CustomerId { get; set; } = "";

    public string Purpose { get; set; } = "";

    public string? PartnerCode { get; set; }

    public DateTimeOffset UsedAt { get; set; }
}

/// <summary>A partner's record of the owner's consent (동의) to look up and claim their dormant assets.</summary>
public sealed class PartnerConsent
{
    public string PartnerCode { get; set; } = "";

    public string ConsentId { get; set; } = "";

    public string CustomerId { get; set; } = "";

    public string Purpose { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Automatic lookup found assets for a person in a period and said so once (the key drops repeats).</summary>
public sealed class AutomaticLookupNotice
{
    public string CustomerId { get; set; } = "";

    public string Period { get; set; } = "";

    public int AssetCount { get; set; }

    public long TotalAmount { get; set; }

    public string Trigger { get; set; } = "";

    public DateTimeOffset NotifiedAt { get; set; }
}

/// <summary>The shared Idempotency-Key filter's record (status 0 = in progress).</summary>
public sealed class IdempotencyRecord
{
    public string Key { get; set; } = string.Empty;

    public string RequestHash { get; set; } = string.Empty;

    public int StatusCode { get; set; }

    public string ResponseBody { get; set; } = string.Empty;

    public string? Location { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
