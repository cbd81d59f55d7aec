using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Contracts.Contributions;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Domain.Ledger;

namespace Seomin.Contributions.Api.Features.Ledger;

/// <summary>
/// Development only: every fund ledger opens with a base-capital posting (default ₩100bn, the guarantee service's
/// <c>Guarantee:Capacity:InitialFundBalance</c>), so the first fee booked on a fresh platform does not publish a fund
/// balance of a few hundred thousand won that would shrink that fund's guarantee capacity to nothing. A real deployment
/// opens its ledgers from the legacy books (base-capital contributions through <c>POST /api/contributions/funds/{fund}/contributions</c>)
/// before guarantees are issued. Idempotent (one posting per fund, source <see cref="SourceType"/>).
/// </summary>
internal static class DevelopmentOpeningBalances
{
    public const string SourceType = "development-opening-balance";

    public const long DefaultOpeningBalance = 100_000_000_000;

    public static async Task SeedAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var amount = configuration.GetValue<long?>("Contributions:Development:OpeningBalance") ?? DefaultOpeningBalance;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContributionsDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<FundLedger>();
        var today = BusinessClock.SeoulDate(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
        foreach (var fund in FundCodes.All)
        {
            if (await db.Entries.AnyAsync(e => e.SourceType == SourceType && e.SourceId == fund, cancellationToken))
            {
                continue;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ledger.PostAsync(new PostingRequest(
                fund, PostingKind.BaseCapitalContribution, SourceType, fund, amount, today, "system:development-seed",
                "Development opening balance", ContributorGroup: "개발 환경 개시 잔액", ContributorName: "개발 환경 개시 잔액"), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
