using System.ComponentModel.DataAnnotations;

namespace Seomin.Gateway.Partner;

/// <summary>
/// A lookup of a customer's dormant assets (휴면금융자산 조회) with their consent. The customer verified their identity
/// with a provider in the partner's app; the provider's verification id names them and opens one lookup.
/// </summary>
public sealed record PartnerDormantLookupRequest
{
    /// <summary>The identity-verification provider's id for this customer (single use).</summary>
    [Required, StringLength(2000)]
    public string? VerificationId { get; init; }

    /// <summary>The partner's id of the customer's consent record; the same id is quoted when claiming.</summary>
    [Required, StringLength(100)]
    public string? ConsentId { get; init; }

    /// <summary>The purpose the customer consented to, recorded in the audit trail (e.g. 휴면예금 조회 및 지급청구).</summary>
    [Required, StringLength(200)]
    public string? Purpose { get; init; }
}

/// <summary>A claim for payment (지급청구) of one asset to an account in the customer's own name.</summary>
public sealed record PartnerDormantClaimRequest
{
    /// <summary>A new identity verification of the customer for this claim (single use).</summary>
    [Required, StringLength(2000)]
    public string? VerificationId { get; init; }

    /// <summary>The consent id recorded at lookup.</summary>
    [Required, StringLength(100)]
    public string? ConsentId { get; init; }

    /// <summary>The asset id from the lookup.</summary>
    [Required]
    public Guid? AssetId { get; init; }

    /// <summary>The bank code of the customer's account (e.g. 004).</summary>
    [Required, StringLength(10)]
    public string? PayeeBankCode { get; init; }

    /// <summary>The account number; its holder must be the customer.</summary>
    [Required, StringLength(40)]
    public string? PayeeAccount { get; init; }

    /// <summary>When the customer's phone or address last changed in the partner's records, if within the last months.</summary>
    public DateOnly? ContactChangedOn { get; init; }
}

/// <summary>One dormant asset of the customer: institution, type, amounts; the account number masked.</summary>
public sealed record PartnerDormantAsset(
    Guid AssetId,
    string InstitutionName,
    string Sector,
    string AssetType,
    string AccountMasked,
    long Principal,
    long InterestToDate,
    long PayableToday,
    DateOnly TransferredOn,
    string Status)
{
    public static PartnerDormantAsset From(DormantAssetView a) =>
        new(a.AssetId, a.InstitutionName, a.Sector, a.AssetType, a.AccountMasked, a.Principal, a.InterestToDate, a.PayableToday, a.TransferredOn, a.Status);
}

/// <summary>Every dormant asset of the customer across institutions (cheque and 실기주 proceeds are claimed in person and not listed).</summary>
public sealed record PartnerDormantLookup(int AssetCount, long OutstandingTotal, IReadOnlyList<PartnerDormantAsset> Assets, string TransactionId);

/// <summary>A claim and where it stands: held (internal control's review), approved, paid or rejected.</summary>
public sealed record PartnerDormantClaim(
    Guid ClaimId,
    Guid AssetId,
    string Status,
    long Principal,
    long Interest,
    long Payout,
    string PayeeAccountMasked,
    IReadOnlyList<string> HoldReasons,
    DateTimeOffset ClaimedAt,
    DateOnly? PaidOn)
{
    public static PartnerDormantClaim From(DormantClaimView c) =>
        new(c.Id, c.AssetId, c.Status, c.Principal, c.Interest, c.Payout, c.PayeeAccountMasked, [.. c.HoldReasons.Select(h => h.Code)], c.ClaimedAt, c.PaidOn);
}
