using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Counseling;
using Seomin.Guarantee.Api.Data;

namespace Seomin.Guarantee.Api.Consumers;

/// <summary>사전상담 completed: the customer's later guarantees get the counseling fee reduction.</summary>
public sealed class PreApplicationCounselingCompletedConsumer(GuaranteeDbContext db, TimeProvider time) : IConsumer<PreApplicationCounselingCompleted>
{
    public Task Consume(ConsumeContext<PreApplicationCounselingCompleted> context) =>
        IncentiveProjection.AddAsync(db, time, context.Message.CompletionId, context.Message.CustomerId, IncentiveKind.PreApplicationCounseling,
            context.Message.ValidFrom, context.Message.ValidUntil, context.CancellationToken);
}

/// <summary>금융교육 completed: the customer's later guarantees get the education fee reduction.</summary>
public sealed class FinancialEducationCompletedConsumer(GuaranteeDbContext db, TimeProvider time) : IConsumer<FinancialEducationCompleted>
{
    public Task Consume(ConsumeContext<FinancialEducationCompleted> context) =>
        IncentiveProjection.AddAsync(db, time, context.Message.CompletionId, context.Message.CustomerId, IncentiveKind.FinancialEducation,
            context.Message.ValidFrom, context.Message.ValidUntil, context.CancellationToken);
}

internal static class IncentiveProjection
{
    // The completion id is the business key: a logical duplicate with a new message id changes nothing.
    public static async Task AddAsync(GuaranteeDbContext db, TimeProvider time, Guid completionId, string customerId, IncentiveKind kind,
        DateOnly validFrom, DateOnly validUntil, CancellationToken ct)
    {
        if (await db.CustomerIncentives.AnyAsync(i => i.CompletionId == completionId, ct))
        {
            return;
        }

        db.CustomerIncentives.Add(new CustomerIncentive
        {
            CompletionId = completionId,
            CustomerId = customerId,
            Kind = kind,
            ValidFrom = validFrom,
            ValidUntil = validUntil,
            ReceivedAt = time.GetUtcNow(),
        });
    }
}
