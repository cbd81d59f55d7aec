using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Contracts.DormantAssets;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Domain;
using Seomin.DormantAssets.Domain.Claims;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api.Features.Claims;

/// <summary>The bank did not confirm: the claim stays approved and the payment can be retried (502).</summary>
public sealed class PaymentNotConfirmedException(string reason) : Exception(reason);

/// <summary>
/// Pays an approved claim through the bank port, exactly once: the claim id is the transfer's idempotency key, so a
/// retry after a timeout, or after a crash between the bank's confirmation and our commit, gets the first confirmation
/// back instead of a second transfer. A refused or unanswered transfer leaves the claim approved (payable again).
/// </summary>
public sealed partial class ClaimPayments(DormantAssetsDbContext db, IBankTransferPort bank, IOutbox outbox, IAuditTrail audit, TimeProvider clock, ILogger<ClaimPayments> logger)
{
    public async Task<RefundClaim> PayAsync(Guid claimId, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == claimId, cancellationToken)
            ?? throw new NotFoundException($"Claim {claimId} does not exist.");
        if (claim.Status == ClaimStatus.Paid)
        {
            return claim;
        }

        if (claim.Status != ClaimStatus.Approved)
        {
            throw new IllegalStateTransitionException(claim.Status.ToString(), "pay");
        }

        TransferConfirmation confirmation;
        try
        {
            confirmation = await bank.TransferAsync(
                new TransferRequest(claim.Id.ToString("N"), claim.PayeeBankCode, claim.PayeeAccount, claim.Payout, $"휴면예금 지급 {claim.Id:N}"),
                cancellationToken);
        }
        catch (Exception ex) when (ex is TransferFailedException or TimeoutException or HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            claim.RecordFailedTransfer();
            audit.Record(new AuditEntry(AuditAction.Change, "DormantRefundClaim", claim.Id.ToString())
            {
                Reason = "transfer not confirmed",
                Changes = [new("failedTransfers", null, claim.FailedTransfers.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            });
            await db.SaveChangesAsync(cancellationToken);
            LogNotConfirmed(logger, claim.Id, claim.FailedTransfers);
            throw new PaymentNotConfirmedException(ex.Message);
        }

        var paidOn = BusinessClock.SeoulDate(confirmation.ExecutedAt);
        var asset = await db.Assets.SingleAsync(a => a.Id == claim.AssetId, cancellationToken);
        claim.MarkPaid(confirmation.Reference, paidOn);
        asset.MarkPaid(claim.Id, paidOn);
        var now = clock.GetUtcNow();
        outbox.Publish(new DormantRefundPaid
        {
            EventId = MessageIds.NewId(), ClaimId = claim.Id, AssetId = asset.Id, CustomerId = claim.CustomerId, Principal = claim.Principal,
            Interest = claim.Interest, Amount = claim.Payout, PaidOn = paidOn, OccurredAt = now,
        });
        audit.Record(new AuditEntry(AuditAction.Change, "DormantRefundClaim", claim.Id.ToString())
        {
            Subject = new PersonalData.CustomerId(claim.CustomerId),
            Changes = [new("status", nameof(ClaimStatus.Approved), nameof(ClaimStatus.Paid)), new("paid", null, claim.Payout.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
        await db.SaveChangesAsync(cancellationToken);
        LogPaid(logger, claim.Id, claim.Payout, confirmation.Reference);
        return claim;
    }

    /// <summary>Pays when it can; a transfer that is not confirmed is already recorded on the claim, which stays payable.</summary>
    public async Task TryPayAsync(Guid claimId, CancellationToken cancellationToken)
    {
        try
        {
            await PayAsync(claimId, cancellationToken);
        }
        catch (PaymentNotConfirmedException)
        {
            // Recorded on the claim (FailedTransfers); staff or the claimant retry with POST .../payment.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer for dormant claim {ClaimId} not confirmed ({Attempts} failed); the claim stays approved")]
    private static partial void LogNotConfirmed(ILogger logger, Guid claimId, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dormant claim {ClaimId} paid {Amount} won ({Reference})")]
    private static partial void LogPaid(ILogger logger, Guid claimId, long amount, string reference);
}
