using MassTransit;
using Seomin.Contracts.Contributions;
using Seomin.Contracts.Guarantee;
using Seomin.Contracts.Subrogation;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Ledger;
using Seomin.Contributions.Domain.Ledger;
using Seomin.BusinessTime;

namespace Seomin.Contributions.Api.Consumers;

/// <summary>
/// Books the funds from Guarantee's and Subrogation's events: fees in, fee refunds out, subrogation payments out,
/// recoveries in. The inbox drops a redelivered message id; the ledger's unique source (the event's own id, or the
/// ledger entry / claim / recovery id it names) drops a copy republished under another message id. Subrogation
/// payments are also kept per lender for the subrogation-rate index. Every posting is dated by the business date its
/// event carries (<c>PaidOn</c>, <c>RefundedOn</c>, <c>RecoveredOn</c>), the date the source service's control totals
/// use, so a back-dated fee lands in the same reconciliation period on both sides (docs/adr/0022); a fee event from
/// before that date was carried falls back to the Seoul date of its <c>OccurredAt</c>.
/// </summary>
public sealed class FundEventsConsumer(FundLedger ledger, ContributionsDbContext db) :
    IConsumer<GuaranteeFeePaid>,
    IConsumer<GuaranteeFeeRefunded>,
    IConsumer<SubrogationPaid>,
    IConsumer<RecourseRecovered>
{
    private const string Recorder = "consumer:fund-events";

    public Task Consume(ConsumeContext<GuaranteeFeePaid> context)
    {
        var m = context.Message;
        return PostAsync(m.FundCode, PostingKind.GuaranteeFee, "guarantee.fee-paid", m.LedgerEntryId, m.Amount, m.PaidOn ?? BusinessClock.SeoulDate(m.OccurredAt), context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeFeeRefunded> context)
    {
        var m = context.Message;
        return PostAsync(m.FundCode, PostingKind.FeeRefund, "guarantee.fee-refunded", m.LedgerEntryId, m.Amount, m.RefundedOn ?? BusinessClock.SeoulDate(m.OccurredAt), context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<SubrogationPaid> context)
    {
        var m = context.Message;
        if (await db.SubrogationPayments.FindAsync([m.ClaimId], context.CancellationToken) is null)
        {
            db.SubrogationPayments.Add(new SubrogationPayment { ClaimId = m.ClaimId, LenderCode = m.LenderCode, FundCode = m.FundCode, Amount = m.Amount, PaidOn = m.PaidOn });
        }

        await PostAsync(m.FundCode, PostingKind.SubrogationPayment, "subrogation.paid", m.ClaimId, m.Amount, m.PaidOn, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RecourseRecovered> context)
    {
        var m = context.Message;
        return PostAsync(m.FundCode, PostingKind.Recovery, "subrogation.recourse-recovered", m.RecoveryId, m.Amount, m.RecoveredOn, context.CancellationToken);
    }

    private async Task PostAsync(string? fundCode, PostingKind kind, string sourceType, Guid sourceId, long amount, DateOnly on, CancellationToken cancellationToken)
    {
        if (amount <= 0)
        {
            return; // nothing moves
        }

        // Events published before funds were carried belong to the KINFA supplementary account (the 햇살론 family).
        await ledger.PostAsync(
            new PostingRequest(fundCode ?? FundCodes.KinfaSupplementary, kind, sourceType, sourceId.ToString(), amount, on, Recorder),
            cancellationToken);
    }
}
