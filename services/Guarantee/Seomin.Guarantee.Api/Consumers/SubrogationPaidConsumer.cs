using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Subrogation;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;

namespace Seomin.Guarantee.Api.Consumers;

/// <summary>
/// 대위변제로 종료: the subrogation service paid the lender, so the guarantee ends with status Subrogated — no further
/// fee accrues, its fund's capacity is released (the ledger trigger counts a subrogated guarantee as 0), and
/// <c>GuaranteeTerminated</c> is published with reason "subrogated" through the outbox in the same transaction.
/// Duplicates are dropped by the inbox; a second payment event for the same guarantee changes nothing. A payment that
/// arrives before this service recorded the accident (LoanExecuted/Normalised) closes the guarantee all the same.
/// A guarantee that does not exist, or that never had a loan or already ended otherwise, faults the message (error queue
/// for an operator) rather than being silently dropped.
/// </summary>
public sealed partial class SubrogationPaidConsumer(
    GuaranteeDbContext db, GuaranteeEvents events, IAuditTrail audit, ILogger<SubrogationPaidConsumer> logger)
    : IConsumer<SubrogationPaid>
{
    public async Task Consume(ConsumeContext<SubrogationPaid> context)
    {
        var message = context.Message;
        var guarantee = await db.Guarantees.SingleOrDefaultAsync(g => g.Id == message.GuaranteeId, context.CancellationToken)
            ?? throw new InvalidOperationException($"SubrogationPaid for guarantee {message.GuaranteeId}, which does not exist here.");
        var statusBefore = guarantee.Status;
        if (!guarantee.CloseBySubrogation(message.PaidOn, Guid.CreateVersion7, out var refunds))
        {
            LogAlreadySubrogated(logger, message.GuaranteeId, message.ClaimId);
            return;
        }

        if (statusBefore != GuaranteeStatus.Accident)
        {
            LogClosedBeforeAccident(logger, message.GuaranteeId, statusBefore.ToString());
        }

        using var actor = AuditActorScope.Begin("consumer:subrogation-paid");
        events.FeesRefunded(guarantee, refunds);
        events.Terminated(guarantee);
        audit.Record(new AuditEntry(AuditAction.Change, "CreditGuarantee", guarantee.Id.ToString())
        {
            Subject = new CustomerId(guarantee.CustomerId),
            Changes =
            [
                new AuditFieldChange("status", statusBefore.ToString(), guarantee.Status.ToString()),
                new AuditFieldChange("subrogationClaimId", null, message.ClaimId.ToString()),
                new AuditFieldChange("subrogationAmount", null, message.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Guarantee {GuaranteeId} is already subrogated; payment of claim {ClaimId} changes nothing.")]
    private static partial void LogAlreadySubrogated(ILogger logger, Guid guaranteeId, Guid claimId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guarantee {GuaranteeId} was subrogated while still {Status} here (the accident notice had not arrived); closed all the same.")]
    private static partial void LogClosedBeforeAccident(ILogger logger, Guid guaranteeId, string status);
}
