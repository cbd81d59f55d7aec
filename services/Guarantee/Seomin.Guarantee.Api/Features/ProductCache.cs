using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Products;

namespace Seomin.Guarantee.Api.Features;

/// <summary>
/// Product versions per code, cached in memory. Versions are immutable (a change is a new version with a
/// later effective date), so the only staleness is a version added through another instance: adding one here
/// invalidates at once, and entries expire after <see cref="TimeToLive"/> so other instances pick it up.
/// </summary>
public sealed class ProductCache(TimeProvider time)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<ProductVersion?> InForceAsync(GuaranteeDbContext db, string code, DateOnly on, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(code, out var entry) || now - entry.LoadedAt > TimeToLive)
        {
            var versions = await db.ProductVersions.AsNoTracking().Where(v => v.Code == code).ToListAsync(ct);
            entry = new Entry(versions, now);
            _entries[code] = entry;
        }

        return ProductCatalogue.InForce(entry.Versions, on);
    }

    public void Invalidate(string code) => _entries.TryRemove(code, out _);

    private sealed record Entry(IReadOnlyList<ProductVersion> Versions, DateTimeOffset LoadedAt);
}
