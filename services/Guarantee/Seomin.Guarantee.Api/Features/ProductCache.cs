using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Products;

namespace Seomin.Guarantee.Api.Features;

/// <summary>
/// Product versions per code, cached in memory. Versions are immutable (a change is a new version with a
/// later effective date), so the only staleness is a version added through another instance: adding one here
/// invalidates at once, and entries expire after <see cref="TimeToLive"/> so other instances pick it up.
/// The catalogue's serialized response is kept beside its entry per Seoul business date ("in force" changes only
/// with the date), with a strong ETag over those bytes; it goes when the entry goes.
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

    /// <summary>
    /// The catalogue's response body for the Seoul business date <paramref name="on"/>: rendered by
    /// <paramref name="render"/> from every version once per (cache entry, date), then served as the same bytes.
    /// </summary>
    public async Task<RenderedCatalogue> RenderedCatalogueAsync(
        GuaranteeDbContext db, DateOnly on, Func<IReadOnlyList<ProductVersion>, DateOnly, byte[]> render, CancellationToken ct)
    {
        var entry = await EntryAsync(Catalogue, () => db.ProductVersions.AsNoTracking().ToListAsync(ct));
        var rendered = entry.Rendered;
        if (rendered is null || rendered.On != on)
        {
            var json = render(entry.Versions, on);
            // Strong validator: a hash of the exact bytes, so equal bytes (on any instance) give the same ETag.
            rendered = new RenderedCatalogue(on, json, $"\"{Convert.ToHexStringLower(SHA256.HashData(json).AsSpan(0, 16))}\"");
            entry.Rendered = rendered;
        }

        return rendered;
    }

    private async Task<IReadOnlyList<ProductVersion>> CachedAsync(string key, Func<Task<List<ProductVersion>>> load) =>
        (await EntryAsync(key, load)).Versions;

    private async Task<Entry> EntryAsync(string key, Func<Task<List<ProductVersion>>> load)
    {
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(key, out var entry) || now - entry.LoadedAt > TimeToLive)
        {
            entry = new Entry(await load(), now);
            _entries[key] = entry;
        }

        return entry;
    }

    public void Invalidate(string code)
    {
        _entries.TryRemove(code, out _);
        _entries.TryRemove(Catalogue, out _);
    }

    private sealed class Entry(IReadOnlyList<ProductVersion> versions, DateTimeOffset loadedAt)
    {
        private volatile RenderedCatalogue? _rendered;

        public IReadOnlyList<ProductVersion> Versions { get; } = versions;

        public DateTimeOffset LoadedAt { get; } = loadedAt;

        /// <summary>The catalogue's last rendered body (catalogue entry only); replaced when the date moves on.</summary>
        public RenderedCatalogue? Rendered { get => _rendered; set => _rendered = value; }
    }
}

/// <summary>The catalogue's JSON body as served on the Seoul business date <paramref name="On"/>, with its strong ETag.</summary>
public sealed record RenderedCatalogue(DateOnly On, byte[] Json, string ETag)
{
    /// <summary>Whether an <c>If-None-Match</c> header names this body (or is <c>*</c>); weak comparison, as RFC 9110 §13.1.2 asks.</summary>
    public bool MatchesAny(IList<EntityTagHeaderValue> ifNoneMatch)
    {
        var mine = EntityTagHeaderValue.Parse(ETag);
        return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(mine, useStrongComparison: false));
    }
}
