using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Domain.Products;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>The catalogue read served from cached bytes per Seoul date, with a strong ETag and 304 (issue 19, figure 4).</summary>
public sealed class ProductCatalogueTests(PlatformServers servers)
{
    private const string Path = "/api/guarantees/products";

    [Fact]
    public async Task ListProducts_CachedBytes_EqualTheJsonTheEndpointWroteBefore()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_catalogue_bytes");
        var client = api.CreateClient();

        var first = await client.GetAsync(Path);
        var second = await client.GetAsync(Path);

        // What the endpoint wrote before the cache: TypedResults.Ok over every version grouped per code, in force today.
        var today = new DateOnly(2026, 3, 2);
        var versions = await api.WithDbAsync(db => db.ProductVersions.AsNoTracking().ToListAsync());
        IReadOnlyList<ProductView> products = [.. versions.GroupBy(v => v.Code).OrderBy(g => g.Key)
            .Select(g => new ProductView(g.Key, ProductCatalogue.InForce(g, today), [.. g.OrderByDescending(v => v.Version)]))];
        var context = new DefaultHttpContext { RequestServices = api.Services };
        using var expected = new MemoryStream();
        context.Response.Body = expected;
        await TypedResults.Ok(products).ExecuteAsync(context);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(expected.ToArray(), await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(expected.ToArray(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(first.Headers.ETag);
        Assert.False(first.Headers.ETag.IsWeak);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task ListProducts_IfNoneMatch_Answers304OnTheCurrentETagAnd200OnAnOldOne()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_catalogue_304");
        var client = api.CreateClient();
        var etag = (await client.GetAsync(Path)).Headers.ETag!;

        using var matching = await GetAsync(client, etag.Tag);
        using var listed = await GetAsync(client, $"\"other\", {etag.Tag}");
        using var any = await GetAsync(client, "*");
        using var stale = await GetAsync(client, "\"0123456789abcdef0123456789abcdef\"");

        Assert.Equal(HttpStatusCode.NotModified, matching.StatusCode);
        Assert.Empty(await matching.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, matching.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, listed.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, any.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("WORKER_SUNSHINE", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListProducts_NewVersionThroughThisInstance_ChangesTheBodyAndTheETag()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_catalogue_version");
        var client = api.CreateClient();
        var before = await client.GetAsync(Path);
        var versionsBefore = Versions(await before.Content.ReadAsStringAsync(), "WORKER_SUNSHINE");

        await (await client.PostAsJsonAsync("/api/guarantees/products/WORKER_SUNSHINE/versions", new { effectiveFrom = new DateOnly(2026, 4, 1), maxAmountPerPerson = 45_000_000 }))
            .ExpectAsync(HttpStatusCode.Created);
        var after = await client.GetAsync(Path);
        using var oldTag = await GetAsync(client, before.Headers.ETag!.Tag);

        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(versionsBefore + 1, Versions(await after.Content.ReadAsStringAsync(), "WORKER_SUNSHINE"));
        Assert.Equal(HttpStatusCode.OK, oldTag.StatusCode);
    }

    [Fact]
    public async Task ListProducts_SeoulDateChangesWithinTheCacheLifetime_ServesTheNewVersionInForce()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_catalogue_date");
        var client = api.CreateClient();
        var inForceBefore = InForceVersion(await (await client.GetAsync(Path)).Content.ReadAsStringAsync(), "WORKER_SUNSHINE");
        // Effective from Tuesday 2026-03-03; the clock starts Monday 2026-03-02 10:00 Seoul (01:00 UTC).
        var created = await (await client.PostAsJsonAsync("/api/guarantees/products/WORKER_SUNSHINE/versions", new { effectiveFrom = new DateOnly(2026, 3, 3), maxAmountPerPerson = 45_000_000 }))
            .ReadAsync<ProductVersion>(HttpStatusCode.Created);

        api.Time.Advance(new TimeSpan(13, 59, 30)); // 23:59:30 Seoul, Monday
        var monday = await client.GetAsync(Path);
        api.Time.Advance(TimeSpan.FromSeconds(40)); // 00:00:10 Seoul, Tuesday: 40 s later, inside the cache's 1-minute lifetime
        var tuesday = await client.GetAsync(Path);
        using var mondayTag = await GetAsync(client, monday.Headers.ETag!.Tag);

        Assert.Equal(inForceBefore, InForceVersion(await monday.Content.ReadAsStringAsync(), "WORKER_SUNSHINE"));
        Assert.Equal(created.Version, InForceVersion(await tuesday.Content.ReadAsStringAsync(), "WORKER_SUNSHINE"));
        Assert.NotEqual(inForceBefore, created.Version);
        Assert.NotEqual(monday.Headers.ETag, tuesday.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, mondayTag.StatusCode);
    }

    [Fact]
    public async Task OpenApi_ListProducts_Documents200WithETagAnd304()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_catalogue_openapi");
        var body = await (await api.CreateClient(token: null).GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);

        var operation = JsonDocument.Parse(body).RootElement.GetProperty("paths").GetProperty(Path).GetProperty("get");
        var responses = operation.GetProperty("responses");
        Assert.True(responses.GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(responses.GetProperty("304").GetProperty("headers").TryGetProperty("ETag", out _));
        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "If-None-Match" && p.GetProperty("in").GetString() == "header");
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await client.SendAsync(request);
    }

    private static JsonElement Product(string json, string code) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Single(p => p.GetProperty("code").GetString() == code);

    private static int Versions(string json, string code) => Product(json, code).GetProperty("versions").GetArrayLength();

    private static int InForceVersion(string json, string code) => Product(json, code).GetProperty("inForce").GetProperty("version").GetInt32();
}
