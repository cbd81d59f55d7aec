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

    /// <summary>The key of the whole catalogue's entry (no product code is empty).</summary>
    private const string Catalogue = "";

    public async Task<ProductVersion?> InForceAsync(GuaranteeDbContext db, string code, DateOnly on, CancellationToken ct) =>
        ProductCatalogue.InForce(await VersionsAsync(db, code, ct), on);

    /// <summary>Every version of one product (empty when the product does not exist).</summary>
    public Task<IReadOnlyList<ProductVersion>> VersionsAsync(GuaranteeDbContext db, string code, CancellationToken ct) =>
        CachedAsync(code, () => db.ProductVersions.AsNoTracking().Where(v => v.Code == code).ToListAsync(ct));

    /// <summary>Every version of every product: the catalogue read (reference data, same staleness rule as above).</summary>
    public Task<IReadOnlyList<ProductVersion>> AllVersionsAsync(GuaranteeDbContext db, CancellationToken ct) =>
        CachedAsync(Catalogue, () => db.ProductVersions.AsNoTracking().ToListAsync(ct));

    private async Task<IReadOnlyList<ProductVersion>> CachedAsync(string key, Func<Task<List<ProductVersion>>> load)
    {
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(key, out var entry) || now - entry.LoadedAt > TimeToLive)
        {
            entry = new Entry(await load(), now);
            _entries[key] = entry;
        }

        return entry.Versions;
    }

    public void Invalidate(string code)
    {
        _entries.TryRemove(code, out _);
        _entries.TryRemove(Catalogue, out _);
    }

    private sealed record Entry(IReadOnlyList<ProductVersion> Versions, DateTimeOffset LoadedAt);
}
