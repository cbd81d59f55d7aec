using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Subrogation;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain;
using Seomin.Subrogation.Domain.Claims;
using Seomin.Subrogation.Domain.Recourse;
using Seomin.Subrogation.Domain.Reports;
using Seomin.BusinessTime;

namespace Seomin.Subrogation.Api.Features.Payment;

/// <summary>The bank did not confirm: the claim stays approved and the payment can be retried.</summary>
public sealed class PaymentNotConfirmedException(string reason, bool outcomeUnknown) : Exception(reason)
{
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}

/// <summary>
/// 대위변제금 지급: pays an approved claim through the bank port, exactly once. The claim id is the transfer's
/// idempotency key, so a retry after a timeout or a crash between the bank's confirmation and our commit gets the first
/// confirmation back instead of a second transfer. The payment, the recourse claim it opens, the books' movements and
/// the events commit together.
/// </summary>
public sealed class ClaimPayments(SubrogationDbContext db, IBankTransferPort bank, IOutbox outbox, IAuditTrail audit, TimeProvider clock, ILogger<ClaimPayments> logger)
{
    public async Task<(SubrogationClaim Claim, RecourseClaim Recourse, bool AlreadyPaid)> PayAsync(Guid claimId, string actor, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == claimId, cancellationToken)
            ?? throw new NotFoundException($"Claim {claimId} does not exist.");
        if (claim.Status == ClaimStatus.Paid)
        {
            var existing = await db.RecourseClaims.SingleAsync(r => r.ClaimId == claim.Id, cancellationToken);
            return (claim, existing, true);
        }

        if (claim.Status != ClaimStatus.Approved)
        {
            throw new IllegalStateTransitionException(claim.Status.ToString(), "pay");
        }

        if (claim.PayeeBankCode is null || claim.PayeeAccount is null || claim.Payable is null)
        {
            throw new SubrogationRuleException("PayeeAccountMustBeValid", "The claim has no payee account.");
        }

        var share = claim.Payable.GuarantorShare;
        TransferConfirmation confirmation;
        try
        {
            confirmation = await bank.TransferAsync(
                new TransferRequest(claim.Id.ToString("N"), claim.PayeeBankCode, claim.PayeeAccount, share, $"대위변제금 {claim.Id:N}"),
                cancellationToken);
        }
        catch (Exception ex) when (ex is TransferFailedException or TimeoutException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            claim.RecordFailedTransfer();
            audit.Record(new AuditEntry(AuditAction.Change, "SubrogationClaim", claim.Id.ToString())
            {
                Reason = "transfer not confirmed",
                Changes = [new("failedTransfers", (claim.FailedTransfers - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), claim.FailedTransfers.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Transfer for claim {ClaimId} not confirmed ({Attempts} failed); the claim stays approved", claim.Id, claim.FailedTransfers);
            throw new PaymentNotConfirmedException(ex.Message, ex is not TransferFailedException { OutcomeUnknown: false });
        }

        var paidOn = BusinessClock.SeoulDate(confirmation.ExecutedAt);
        claim.MarkPaid(confirmation.Reference, paidOn);
        var cover = claim.Cover;
        var recourse = RecourseClaim.Open(Guid.CreateVersion7(), claim.Id, cover.GuaranteeId, cover.CustomerId, cover.FundCode, share, paidOn);
        db.RecourseClaims.Add(recourse);

        if (await db.Guarantees.SingleOrDefaultAsync(g => g.GuaranteeId == cover.GuaranteeId, cancellationToken) is { } projection)
        {
            projection.SubrogatedOn = paidOn;
        }

        var now = clock.GetUtcNow();
        var subrogatedPrincipal = Math.Min(Won.Truncate(claim.Principal * cover.GuaranteeRatio), share);
        Move(PortfolioCategory.Accident, Movement.Subrogated, cover.FundCode, paidOn, subrogatedPrincipal, claim.Id, cover.GuaranteeId, actor, now);
        Move(PortfolioCategory.Recourse, Movement.New, cover.FundCode, paidOn, share, claim.Id, recourse.Id, actor, now);

        outbox.Publish(new SubrogationPaid
        {
            EventId = MessageIds.NewId(), ClaimId = claim.Id, GuaranteeId = cover.GuaranteeId, CustomerId = cover.CustomerId,
            LenderCode = cover.LenderCode, FundCode = cover.FundCode, Amount = share, PaidOn = paidOn, OccurredAt = now,
        });
        outbox.Publish(new RecourseClaimOpened
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, ClaimId = claim.Id, GuaranteeId = cover.GuaranteeId,
            CustomerId = cover.CustomerId, FundCode = cover.FundCode, Principal = share, OpenedOn = paidOn, OccurredAt = now,
        });
        audit.Record(new AuditEntry(AuditAction.Change, "SubrogationClaim", claim.Id.ToString())
        {
            Changes = [new("status", nameof(ClaimStatus.Approved), nameof(ClaimStatus.Paid)), new("paid", null, share.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Claim {ClaimId} paid {Amount} won ({Reference}); recourse claim {RecourseId} opened", claim.Id, share, confirmation.Reference, recourse.Id);
        return (claim, recourse, false);
    }

    private void Move(PortfolioCategory category, Movement movement, string fund, DateOnly on, long won, Guid source, Guid subject, string actor, DateTimeOffset now) =>
        db.Movements.Add(BookMovement.Of(category, movement, fund, on, 1, won, source, subject, actor, now));
}
