using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Guarantees;

namespace Seomin.Guarantee.Api.Features.Lapse;

/// <summary>실효: lapses guarantees with no loan executed within 60 days of approval, returning any prepaid fee.</summary>
public sealed class GuaranteeLapse(IServiceScopeFactory scopes, BusinessClock clock)
{
    private const int BatchSize = 500;

    /// <summary>One pass; each guarantee commits on its own with its events. Returns how many lapsed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var today = clock.Today;
        var cutoff = today.AddDays(-CreditGuarantee.LapseAfterDays);
        List<Guid> ids;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
            ids = await db.Guarantees.AsNoTracking()
                .Where(g => (g.Status == GuaranteeStatus.Approved || g.Status == GuaranteeStatus.Agreed || g.Status == GuaranteeStatus.Issued)
                    && g.ApprovedOn < cutoff)
                .Select(g => g.Id)
                .Take(BatchSize)
                .ToListAsync(ct);
        }

        var count = 0;
        foreach (var id in ids)
        {
            using var itemScope = scopes.CreateScope();
            var itemDb = itemScope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
            var events = itemScope.ServiceProvider.GetRequiredService<GuaranteeEvents>();
            var g = await itemDb.Guarantees.SingleAsync(x => x.Id == id, ct);
            if (g.Status is not (GuaranteeStatus.Approved or GuaranteeStatus.Agreed or GuaranteeStatus.Issued))
            {
                continue;
            }

            var refunds = g.Lapse(today, Guid.CreateVersion7);
            events.FeesRefunded(g, refunds);
            events.Lapsed(g);
            try
            {
                await itemDb.SaveChangesAsync(ct);
                count++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A lender notice changed it meanwhile; the next pass sees the new state.
            }
        }

        return count;
    }
}
