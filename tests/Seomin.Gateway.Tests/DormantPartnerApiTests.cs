using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Seomin.Access;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

/// <summary>
/// Partner API v1 for dormant assets through the gateway, in front of a stub of the dormant-assets service that answers
/// with the service's shapes: typed bodies, scopes, x-api-tran-id, Idempotency-Key and the service's refusals relayed.
/// </summary>
public sealed class DormantPartnerApiTests(RedisServers redis) : IAsyncLifetime
{
    private static readonly Guid AssetId = Guid.Parse("0190f5a2-0000-7000-8000-000000000001");
    private static readonly Guid ClaimId = Guid.Parse("0190f5a2-0000-7000-8000-0000000000c1");
    private StubService _dormant = null!;
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _dormant = await StubService.StartAsync("/api/dormant-assets/partner", app =>
        {
            app.MapPost("/api/dormant-assets/partner/lookups", (JsonElement body) => body.GetProperty("consentId").GetString() == "foreign"
                ? Results.Problem(statusCode: 422, title: "Business rule violated", detail: "consent of another person",
                    extensions: new Dictionary<string, object?> { ["rule"] = "ConsentBelongsToAnotherPerson", ["errorCode"] = "ConsentBelongsToAnotherPerson" })
                : Results.Json(new
                {
                    customerId = "CSHOULDNOTLEAKTOPARTNERSXXXXXXXXX", assetCount = 1, outstandingTotal = 420_000,
                    assets = new[]
                    {
                        new
                        {
                            assetId = AssetId, institutionCode = "B001", institutionName = "테스트은행", sector = "bank", assetType = "deposit", accountMasked = "***-****-5678",
                            principal = 420_000, interestToDate = 0, payableToday = 420_000, limitationCompletedOn = "2020-01-31", transferredOn = "2026-11-30",
                            status = "outstanding", paidOn = (string?)null,
                        },
                    },
                }));
            app.MapPost("/api/dormant-assets/partner/claims", (JsonElement body) => body.GetProperty("assetId").GetGuid() == AssetId
                ? Results.Json(Claim("held"), statusCode: 201)
                : Results.Problem(statusCode: 403, title: "Not the owner", detail: "The asset does not belong to the verified person.",
                    extensions: new Dictionary<string, object?> { ["rule"] = "AssetMustBelongToClaimant", ["errorCode"] = "AssetMustBelongToClaimant" }));
            app.MapGet("/api/dormant-assets/partner/claims/{id:guid}", (Guid id) => id == ClaimId ? Results.Json(Claim("paid")) : Results.Problem(statusCode: 404));
        });
        _gateway = await GatewayHost.StartAsync(redis, new Dictionary<string, string?> { ["services:dormant-assets:http:0"] = _dormant.Address.ToString() });
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _dormant.DisposeAsync();
    }

    private static object Claim(string status) => new
    {
        id = ClaimId, assetId = AssetId, customerId = "CXXXX", channel = "partner", claimant = "owner", partnerCode = "ALPHAFIN01", consentId = "CONSENT-1",
        principal = 420_000, interest = 0, payout = 420_000, payeeBankCode = "004", payeeAccountMasked = "*******5678", status,
        holdReasons = status == "held" ? new[] { new { code = "HolderNameMismatch", reason = "The payee account's holder name differs." } } : [],
        documents = Array.Empty<string>(), claimedBy = "partner-alphafin01", claimedAt = "2026-12-01T06:00:00+00:00", paidOn = status == "paid" ? "2026-12-01" : null,
        failedTransfers = 0,
    };

    private string Token(params string[] scopes) => _gateway.Partner("ALPHAFIN01", null, scopes.Length > 0 ? scopes : [Scopes.DormantAssetsLookup, Scopes.DormantAssetsClaim]);

    [Fact]
    public async Task Lookup_WithConsent_ReturnsTheTypedAssetsWithoutTheCustomerIdAndForwardsTheCallersHeaders()
    {
        var token = Token();

        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/dormant-assets/lookups", token,
            new { verificationId = "v-1", consentId = "CONSENT-1", purpose = "휴면예금 조회" }, new Dictionary<string, string> { ["Idempotency-Key"] = "lookup-1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tranId = response.Headers.GetValues("x-api-tran-id").Single();
        var body = await response.Content.ReadAsStringAsync();
        var lookup = JsonDocument.Parse(body).RootElement;
        Assert.Equal(420_000, lookup.GetProperty("outstandingTotal").GetInt64());
        Assert.Equal("***-****-5678", lookup.GetProperty("assets")[0].GetProperty("accountMasked").GetString());
        Assert.Equal(tranId, lookup.GetProperty("transactionId").GetString());
        Assert.DoesNotContain("CSHOULDNOTLEAK", body, StringComparison.Ordinal);
        var received = _dormant.Last("/api/dormant-assets/partner/lookups");
        Assert.Equal($"Bearer {token}", received.Headers["Authorization"]);
        Assert.Equal(tranId, received.Headers["x-api-tran-id"]);
        Assert.Equal("lookup-1", received.Headers["Idempotency-Key"]);
        Assert.Equal("CONSENT-1", JsonDocument.Parse(received.Body).RootElement.GetProperty("consentId").GetString());
    }

    [Fact]
    public async Task Lookup_WithoutConsentId_Is400NamingTheField_AndNothingIsForwarded()
    {
        var before = _dormant.Received.Count;

        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/dormant-assets/lookups", Token(), new { verificationId = "v-1", purpose = "조회" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("GW-REQ-003", problem.GetProperty("errorCode").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("consentId", out _));
        Assert.Equal(before, _dormant.Received.Count);
    }

    [Fact]
    public async Task Lookup_WithoutTheLookupScope_IsForbidden()
    {
        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/dormant-assets/lookups", Token(Scopes.ProductsRead),
            new { verificationId = "v-1", consentId = "C", purpose = "조회" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Lookup_RefusedByTheService_KeepsTheRule()
    {
        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/dormant-assets/lookups", Token(), new { verificationId = "v-1", consentId = "foreign", purpose = "조회" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ConsentBelongsToAnotherPerson", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Claim_IsCreatedWithItsHoldReasons_AndSomeoneElsesAssetIs403WithTheRule()
    {
        var created = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/dormant-assets/claims", Token(),
            new { verificationId = "v-2", consentId = "CONSENT-1", assetId = AssetId, payeeBankCode = "004", payeeAccount = "3021-5678" });
        var foreign = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/dormant-assets/claims", Token(),
            new { verificationId = "v-3", consentId = "CONSENT-1", assetId = Guid.NewGuid(), payeeBankCode = "004", payeeAccount = "3021-5678" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/partner/v1/dormant-assets/claims/{ClaimId}", created.Headers.Location!.ToString());
        var claim = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("held", claim.GetProperty("status").GetString());
        Assert.Equal(["HolderNameMismatch"], claim.GetProperty("holdReasons").EnumerateArray().Select(h => h.GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("AssetMustBelongToClaimant", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task ClaimStatus_OfAnotherPartnersOrAnUnknownClaim_Is404()
    {
        var paid = await _gateway.GetAsync($"/partner/v1/dormant-assets/claims/{ClaimId}", Token());
        var unknown = await _gateway.GetAsync($"/partner/v1/dormant-assets/claims/{Guid.NewGuid()}", Token());
        var malformed = await _gateway.GetAsync("/partner/v1/dormant-assets/claims/not-a-guid", Token());

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("paid", (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }
}
