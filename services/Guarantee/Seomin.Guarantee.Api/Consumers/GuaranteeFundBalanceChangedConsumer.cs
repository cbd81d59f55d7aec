using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Contributions;
using Seomin.Guarantee.Api.Data;

namespace Seomin.Guarantee.Api.Consumers;

/// <summary>Keeps the fund-balance projection that bounds capacity; older sequences are ignored.</summary>
public sealed class GuaranteeFundBalanceChangedConsumer(GuaranteeDbContext db, TimeProvider time) : IConsumer<GuaranteeFundBalanceChanged>
{
    public async Task Consume(ConsumeContext<GuaranteeFundBalanceChanged> context)
    {
        var message = context.Message;
        var row = await db.FundBalances.SingleOrDefaultAsync(f => f.Id == FundBalance.SingletonId, context.CancellationToken);
        if (row is null)
        {
            db.FundBalances.Add(new FundBalance { Balance = message.Balance, Sequence = message.Sequence, UpdatedAt = time.GetUtcNow() });
        }
        else if (message.Sequence > row.Sequence)
        {
            row.Balance = message.Balance;
            row.Sequence = message.Sequence;
            row.UpdatedAt = time.GetUtcNow();
        }
    }
}
