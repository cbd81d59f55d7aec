using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Seomin.Contracts.Contributions;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;

namespace Seomin.Guarantee.Api.Consumers;

/// <summary>
/// Keeps each fund's balance projection that bounds its capacity, and that fund's capacity row with it (same
/// transaction). Sequences are per fund: an older or equal sequence of the same fund is ignored; a fund this service
/// does not know is ignored too (it guarantees nothing from it).
/// </summary>
public sealed partial class GuaranteeFundBalanceChangedConsumer(
    GuaranteeDbContext db, TimeProvider time, IOptions<GuaranteeOptions> options, ILogger<GuaranteeFundBalanceChangedConsumer> logger)
    : IConsumer<GuaranteeFundBalanceChanged>
{
    public async Task Consume(ConsumeContext<GuaranteeFundBalanceChanged> context)
    {
        var message = context.Message;
        if (!FundCodes.All.Contains(message.FundCode))
        {
            LogUnknownFund(logger, message.FundCode);
            return;
        }

        var row = await db.FundBalances.SingleOrDefaultAsync(f => f.FundCode == message.FundCode, context.CancellationToken);
        if (row is null)
        {
            db.FundBalances.Add(new FundBalance { FundCode = message.FundCode, Balance = message.Balance, Sequence = message.Sequence, UpdatedAt = time.GetUtcNow() });
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

        await CapacityLedger.SyncFundAsync(db, options.Value.Capacity.For(message.FundCode), message.Balance, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a balance of fund {FundCode}, which no guarantee product here belongs to.")]
    private static partial void LogUnknownFund(ILogger logger, string fundCode);
}
