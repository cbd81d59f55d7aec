using Seomin.BusinessTime;
using Seomin.Contracts.Guarantee;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.Guarantee.Domain.Screening;
using Seomin.Messaging;

namespace Seomin.Guarantee.Api.Features;

/// <summary>Builds the integration events from the aggregates and stores them in the outbox.</summary>
public sealed class GuaranteeEvents(IOutbox outbox, BusinessClock clock)
{
    public void Submitted(GuaranteeApplication a) => outbox.Publish(new GuaranteeApplicationSubmitted
    {
        EventId = MessageIds.NewId(),
        ApplicationId = a.Id,
        CustomerId = a.CustomerId,
        ProductCode = a.ProductCode,
        RequestedAmount = a.RequestedAmount,
        TermMonths = a.TermMonths,
        Channel = Enum.Parse<ApplicationChannel>(a.Channel.ToString()),
        OccurredAt = clock.Now,
    });

    public void Decided(GuaranteeApplication a) => outbox.Publish(new GuaranteeApplicationDecided
    {
        EventId = MessageIds.NewId(),
        ApplicationId = a.Id,
        CustomerId = a.CustomerId,
        Approved = a.Status == ApplicationStatus.Approved,
        ApprovedAmount = a.ApprovedAmount ?? 0,
        Reasons = a.DecisionReason is null ? [] : [a.DecisionReason],
        OccurredAt = clock.Now,
    });

    public void Issued(CreditGuarantee g) => outbox.Publish(new GuaranteeIssued
    {
        EventId = MessageIds.NewId(),
        GuaranteeId = g.Id,
        ApplicationId = g.ApplicationId,
        CertificateNumber = g.CertificateNumber!,
        CustomerId = g.CustomerId,
        ProductCode = g.ProductCode,
        LenderCode = g.LenderCode,
        GuaranteedAmount = g.GuaranteedAmount,
        GuaranteeRatio = g.GuaranteeRatio,
        StartDate = g.StartDate!.Value,
        EndDate = g.EndDate!.Value,
        FundCode = g.FundCode,
        OccurredAt = clock.Now,
    });

    public void LoanExecuted(CreditGuarantee g) => outbox.Publish(new GuaranteeLoanExecuted
    {
        EventId = MessageIds.NewId(),
        GuaranteeId = g.Id,
        CustomerId = g.CustomerId,
        LenderCode = g.LenderCode,
        LoanAmount = g.ExecutedLoanAmount,
        ExecutedOn = g.LoanExecutedOn!.Value,
        OccurredAt = clock.Now,
    });

    public void Lapsed(CreditGuarantee g) => outbox.Publish(new GuaranteeLapsed
    {
        EventId = MessageIds.NewId(),
        GuaranteeId = g.Id,
        CustomerId = g.CustomerId,
        OccurredAt = clock.Now,
    });

    public void FeePaid(CreditGuarantee g, FeeLedgerEntry entry) => outbox.Publish(new GuaranteeFeePaid
    {
        EventId = MessageIds.NewId(),
        GuaranteeId = g.Id,
        LedgerEntryId = entry.Id,
        CustomerId = g.CustomerId,
        Amount = entry.Amount,
        FundCode = g.FundCode,
        PaidOn = entry.OccurredOn,
        OccurredAt = clock.Now,
    });

    public void FeesRefunded(CreditGuarantee g, IEnumerable<FeeLedgerEntry> entries)
    {
        foreach (var entry in entries)
        {
            outbox.Publish(new GuaranteeFeeRefunded
            {
                EventId = MessageIds.NewId(),
                GuaranteeId = g.Id,
                LedgerEntryId = entry.Id,
                CustomerId = g.CustomerId,
                Amount = -entry.Amount,
                Reason = entry.Kind.ToString(),
                FundCode = g.FundCode,
                RefundedOn = entry.OccurredOn,
                OccurredAt = clock.Now,
            });
        }
    }

    public void AccidentReported(CreditGuarantee g) => outbox.Publish(new GuaranteeAccidentReported
    {
        EventId = MessageIds.NewId(),
        GuaranteeId = g.Id,
        CustomerId = g.CustomerId,
        LenderCode = g.LenderCode,
        OutstandingBalance = g.LoanBalance,
        Kind = g.AccidentKind!,
        AccidentDate = g.AccidentDate!.Value,
        OccurredAt = clock.Now,
    });

    public void Normalized(CreditGuarantee g) => outbox.Publish(new GuaranteeNormalized
    {
        EventId = MessageIds.NewId(),
        GuaranteeId = g.Id,
        CustomerId = g.CustomerId,
        OccurredAt = clock.Now,
    });

    public void Terminated(CreditGuarantee g) => outbox.Publish(new GuaranteeTerminated
    {
        EventId = MessageIds.NewId(),
        GuaranteeId = g.Id,
        CustomerId = g.CustomerId,
        Reason = g.EndReason ?? "FullRepayment",
        TerminatedOn = g.EndedOn!.Value,
        OccurredAt = clock.Now,
    });
}
