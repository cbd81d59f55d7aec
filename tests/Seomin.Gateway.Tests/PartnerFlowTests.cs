using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Seomin.Access;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

public sealed class PartnerFlowTests(RedisServers redis) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis);

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task Products_WhenPartnerHasScope_ReturnsCatalogueWithGeneratedTransactionId()
    {
        var token = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");

        var response = await _gateway.GetAsync("/partner/v1/products?pageSize=1000", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tranId = response.Headers.GetValues("x-api-tran-id").Single();
        Assert.Equal(25, tranId.Length);
        Assert.StartsWith("ALPHAFIN01S", tranId, StringComparison.Ordinal);
        var products = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("근로자햇살론", products[0].GetProperty("name").GetString());
        var received = _gateway.Guarantee.Last("/api/guarantees/products");
        Assert.Equal($"Bearer {token}", received.Headers["Authorization"]);
        Assert.DoesNotContain(received.Headers.Keys, h => h.StartsWith("X-Seomin-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(tranId, received.Headers["x-api-tran-id"]);
        Assert.Contains("pageSize=100", received.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Products_WhenPartnerSendsTransactionId_EchoesIt()
    {
        var token = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");
        const string tranId = "ALPHAFIN01M20261122ABCDEF";

        var response = await _gateway.SendAsync(HttpMethod.Get, "/partner/v1/products", token,
            headers: new Dictionary<string, string> { ["x-api-tran-id"] = tranId });
        var invalid = await _gateway.SendAsync(HttpMethod.Get, "/partner/v1/products", token,
            headers: new Dictionary<string, string> { ["x-api-tran-id"] = "short" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tranId, response.Headers.GetValues("x-api-tran-id").Single());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("GW-REQ-002", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Products_WhenNoToken_UnauthorizedProblemWithTransactionId()
    {
        var response = await _gateway.GetAsync("/partner/v1/products", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(25, response.Headers.GetValues("x-api-tran-id").Single().Length);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("GW-AUTH-001", problem.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Application_WhenSubmittedWithExtraFields_ForwardsOnlyAllowedFields()
    {
        var token = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");
        var body = ApplicationBody(extra: true);

        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/guarantee-applications", token, body,
            new Dictionary<string, string> { ["X-Seomin-Partner-Id"] = "BETAFIN002", ["Idempotency-Key"] = "k-1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(Guid.TryParse(created.GetProperty("applicationId").GetString(), out _));
        Assert.Equal("Submitted", created.GetProperty("status").GetString());
        Assert.Equal(response.Headers.Location!.ToString(), $"/partner/v1/guarantee-applications/{created.GetProperty("applicationId").GetString()}");
        var received = _gateway.Guarantee.Last("/api/guarantees/applications");
        Assert.Equal($"Bearer {token}", received.Headers["Authorization"]);
        Assert.False(received.Headers.ContainsKey("X-Seomin-Partner-Id"));
        Assert.Equal("k-1", received.Headers["Idempotency-Key"]);
        var forwarded = JsonDocument.Parse(received.Body).RootElement;
        var names = forwarded.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.DoesNotContain("status", names);
        Assert.DoesNotContain("approvedBy", names);
        Assert.DoesNotContain("feeRate", names);
        Assert.DoesNotContain("guaranteeFee", names);
        Assert.DoesNotContain("Approved", received.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("partner-self", received.Body, StringComparison.Ordinal);
        Assert.Equal("Partner", forwarded.GetProperty("channel").GetString());
        Assert.Equal("ALPHAFIN01", forwarded.GetProperty("partnerCode").GetString());
        Assert.Equal(15_000_000, forwarded.GetProperty("requestedAmount").GetInt64());
        Assert.Equal(JsonValueKind.String, forwarded.GetProperty("rrn").ValueKind);
        Assert.Equal(15.5m, forwarded.GetProperty("creditPercentile").GetDecimal());
    }

    [Fact]
    public async Task Application_WhenApplicantCarriesProductEvidence_ForwardsWorkingDaysAndYouthStatus()
    {
        var token = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");
        var body = ApplicationBody(extra: false);
        var applicant = (Dictionary<string, object>)body["applicant"];
        applicant["workingDaysLastThreeMonths"] = new[] { 22, 9, 21 };
        applicant["youthStatus"] = "earlyCareerWorker";

        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/guarantee-applications", token, body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var forwarded = JsonDocument.Parse(_gateway.Guarantee.Last("/api/guarantees/applications").Body).RootElement;
        Assert.Equal([22, 9, 21], forwarded.GetProperty("workingDaysLastThreeMonths").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("earlyCareerWorker", forwarded.GetProperty("youthStatus").GetString());
    }

    [Fact]
    public async Task Application_WhenEvidenceAbsent_ForwardsNeitherField()
    {
        var token = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");

        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/guarantee-applications", token, ApplicationBody(extra: false));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var forwarded = JsonDocument.Parse(_gateway.Guarantee.Last("/api/guarantees/applications").Body).RootElement;
        Assert.False(forwarded.TryGetProperty("workingDaysLastThreeMonths", out _));
        Assert.False(forwarded.TryGetProperty("youthStatus", out _));
    }

    [Theory]
    [InlineData(new[] { 22, 21 })]
    [InlineData(new[] { 22, 32, 21 })]
    [InlineData(new[] { 22, -1, 21 })]
    public async Task Application_WhenWorkingDaysAreNotThreeDaysCounts_ValidationProblemNamingTheField(int[] days)
    {
        var token = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");
        var body = ApplicationBody(extra: false);
        ((Dictionary<string, object>)body["applicant"])["workingDaysLastThreeMonths"] = days;
        var before = _gateway.Guarantee.Received.Count;

        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/guarantee-applications", token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("workingDaysLastThreeMonths", out _));
        Assert.Equal(before, _gateway.Guarantee.Received.Count);
    }

    [Fact]
    public async Task Application_WhenConsentMissing_ValidationProblemWithoutEchoingTheNumber()
    {
        var token = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");
        var rrn = SyntheticRrn.Adult(30);
        var body = new
        {
            productCode = "WORKER-SUNSHINE",
            applicant = new { name = "김민수", residentRegistrationNumber = rrn, annualIncome = 30_000_000L, employmentMonths = 12 },
            requestedAmount = 15_000_000L,
            termMonths = 60,
            lenderCode = "081",
        };

        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/guarantee-applications", token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("GW-REQ-003", text, StringComparison.Ordinal);
        Assert.Contains("consent", text, StringComparison.Ordinal);
        Assert.DoesNotContain(rrn, text, StringComparison.Ordinal);
        Assert.False(_gateway.Logs.Contains(rrn));
        Assert.Empty(_gateway.Guarantee.Received);
    }

    [Fact]
    public async Task Application_WhenOwnerReadsStatus_ReturnsIt()
    {
        var token = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");
        var id = await SubmitAsync(token);

        var response = await _gateway.GetAsync($"/partner/v1/guarantee-applications/{id}", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Screening", status.GetProperty("status").GetString());
        Assert.Equal(id, status.GetProperty("applicationId").GetString());
        var names = status.EnumerateObject().Select(p => p.Name).ToList();
        Assert.DoesNotContain("maskedRrn", names);
        Assert.DoesNotContain("customerId", names);
    }

    [Fact]
    public async Task Products_WhenServiceListsAProductNotInForce_ReturnsOnlyProductsInForceAsTypedRecords()
    {
        var token = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");

        var response = await _gateway.GetAsync("/partner/v1/products", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var products = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(["WORKER_SUNSHINE", "SUNSHINE_15"], products.Select(p => p.GetProperty("code").GetString()));
        Assert.Equal(20_000_000, products[0].GetProperty("maxAmountPerPerson").GetInt64());
        Assert.False(products[0].TryGetProperty("budget", out _));
    }

    [Fact]
    public async Task Application_WhenAnotherPartnerReadsIt_NotFoundAndLogged()
    {
        var alpha = _gateway.Partner("ALPHAFIN01", "dev-partner-alpha");
        var beta = _gateway.Partner("BETAFIN002", "dev-partner-beta");
        var id = await SubmitAsync(alpha);

        var response = await _gateway.GetAsync($"/partner/v1/guarantee-applications/{id}", beta);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("GW-RES-001", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        // The guarantee service decided, from beta's own token: the gateway keeps no ownership table.
        Assert.Equal($"Bearer {beta}", _gateway.Guarantee.Last($"/api/guarantees/applications/{id}").Headers["Authorization"]);
        Assert.Contains(_gateway.Logs.Lines, l => l.Contains("[8502]", StringComparison.Ordinal) && l.Contains("BETAFIN002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Application_WhenScopeMissing_Forbidden()
    {
        var token = _gateway.Partner("CATONLY001", "catalogue-only", Scopes.ProductsRead);

        var products = await _gateway.GetAsync("/partner/v1/products", token);
        var apply = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/guarantee-applications", token, ApplicationBody(extra: false));

        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, apply.StatusCode);
        Assert.Equal(25, apply.Headers.GetValues("x-api-tran-id").Single().Length);
    }

    private async Task<string> SubmitAsync(string token)
    {
        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/guarantee-applications", token, ApplicationBody(extra: false));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetString()!;
    }

    private static Dictionary<string, object> ApplicationBody(bool extra)
    {
        var body = new Dictionary<string, object>
        {
            ["productCode"] = "WORKER-SUNSHINE",
            ["applicant"] = new Dictionary<string, object>
            {
                ["name"] = "김민수",
                ["residentRegistrationNumber"] = SyntheticRrn.Adult(30),
                ["annualIncome"] = 30_000_000L,
                ["employmentMonths"] = 12,
                ["creditScore"] = 640,
                ["creditPercentile"] = 15.5m,
            },
            ["requestedAmount"] = 15_000_000L,
            ["termMonths"] = 60,
            ["lenderCode"] = "081",
            ["consent"] = new Dictionary<string, object> { ["consentId"] = "CONSENT-1", ["consentedAt"] = DateTimeOffset.UtcNow },
        };
        if (extra)
        {
            body["status"] = "Approved";
            body["approvedBy"] = "partner-self";
            body["feeRate"] = 0.0m;
            body["guaranteeFee"] = 0L;
        }

        return body;
    }
}
