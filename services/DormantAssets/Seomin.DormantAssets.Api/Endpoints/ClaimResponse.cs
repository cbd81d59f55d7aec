using Seomin.DormantAssets.Domain.Claims;
using Seomin.PersonalData;

namespace Seomin.DormantAssets.Api.Endpoints;

public sealed record HoldReasonResponse(string Code, string Reason);

public sealed record ClaimResponse(
    Guid Id,
    Guid AssetId,
    string CustomerId,
    ClaimChannel Channel,
    Claimant Claimant,
    string? PartnerCode,
    string? ConsentId,
    long Principal,
    long Interest,
    long Payout,
    string PayeeBankCode,
    string PayeeAccountMasked,
    ClaimStatus Status,
    IReadOnlyList<HoldReasonResponse> HoldReasons,
    IReadOnlyList<string> Documents,
    string ClaimedBy,
    DateTimeOffset ClaimedAt,
    string? ReviewedBy,
    string? DecidedBy,
    string? RejectionReason,
    string? TransferReference,
    DateOnly? PaidOn,
    int FailedTransfers)
{
    public static ClaimResponse From(RefundClaim c) => new(
        c.Id, c.AssetId, c.CustomerId, c.Channel, c.Claimant, c.PartnerCode, c.ConsentId, c.Principal, c.Interest, c.Payout, c.PayeeBankCode,
        Masking.Account(c.PayeeAccount), c.Status, [.. c.HoldCodes.Zip(c.HoldNotes, (code, reason) => new HoldReasonResponse(code, reason))],
        c.Documents, c.ClaimedBy, c.ClaimedAt, c.ReviewedBy, c.DecidedBy, c.RejectionReason, c.TransferReference, c.PaidOn, c.FailedTransfers);
}
