using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Contributions;
using Microsoft.Extensions.Options;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;

namespace Seomin.Guarantee.Api.Consumers;

/// <summary>
/// Keeps the fund-balance projection that bounds capacity, and the capacity ledger's fund and limit with it
/// (same transaction); older sequences are ignored.
/// </summary>
public sealed class GuaranteeFundBalanceChangedConsumer(GuaranteeDbContext db, TimeProvider time, IOptions<GuaranteeOptions> options)
    : IConsumer<GuaranteeFundBalanceChanged>
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
        else
        {
            return;
        }

        await CapacityLedger.SyncFundAsync(db, options.Value.Capacity, message.Balance, context.CancellationToken);
    }
}
