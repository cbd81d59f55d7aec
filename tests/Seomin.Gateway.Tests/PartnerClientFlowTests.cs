using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Gateway.Tests.PartnerApi.Client;
using Seomin.Gateway.Tests.PartnerApi.Client.Models;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

/// <summary>
/// A partner's whole flow with the client Kiota generated from the published document (PartnerApi/Client): a token
/// by client credentials at /connect/token, the catalogue, an application, its status; and the typed Problem
/// Details the client raises for a refusal.
/// </summary>
public sealed class PartnerClientFlowTests(RedisServers redis) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis);

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task PartnerFlow_WhenGeneratedClientIsUsed_TokenProductsApplyAndRead()
    {
        var client = CreateClient("alphafin01", scope: "products:read guarantees:apply");

        var products = await client.Partner.V1.Products.GetAsync(cancellationToken: TestContext.Current.CancellationToken);
        var accepted = await client.Partner.V1.GuaranteeApplications.PostAsync(Application(products![0].Code!), cancellationToken: TestContext.Current.CancellationToken);
        var status = await client.Partner.V1.GuaranteeApplications[accepted!.ApplicationId!].GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["WORKER_SUNSHINE", "SUNSHINE_15"], products.Select(p => p.Code));
        Assert.Equal(20_000_000, products[0].MaxAmountPerPerson);
        Assert.Equal([36, 60], products[0].TermMonthsOptions!.Select(t => t!.Value));
        Assert.Equal("Submitted", accepted.Status);
        Assert.Equal(25, accepted.TransactionId!.Length);
        Assert.Equal(accepted.ApplicationId, status!.ApplicationId);
        Assert.Equal("Screening", status.Status);
        var forwarded = _gateway.Guarantee.Received.Last(r => r.Method == "POST");
        Assert.Equal("ALPHAFIN01", JsonDocument.Parse(forwarded.Body).RootElement.GetProperty("partnerCode").GetString());
    }

    [Fact]
    public async Task PartnerFlow_WhenScopeMissing_ClientRaisesTypedProblemDetails()
    {
        var client = CreateClient("catalogue01", scope: "products:read");

        var problem = await Assert.ThrowsAsync<ProblemDetails>(() =>
            client.Partner.V1.GuaranteeApplications.PostAsync(Application("WORKER_SUNSHINE"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(403, problem.ResponseStatusCode);
        Assert.Equal("GW-AUTH-005", problem.ErrorCode);
    }

    [Fact]
    public async Task PartnerFlow_WhenAnotherPartnersApplicationIsRead_ClientRaisesNotFound()
    {
        var alpha = CreateClient("alphafin01", scope: "guarantees:apply");
        var beta = CreateClient("betafin002", scope: "guarantees:apply");
        var accepted = await alpha.Partner.V1.GuaranteeApplications.PostAsync(Application("WORKER_SUNSHINE"), cancellationToken: TestContext.Current.CancellationToken);

        var problem = await Assert.ThrowsAsync<ProblemDetails>(() =>
            beta.Partner.V1.GuaranteeApplications[accepted!.ApplicationId!].GetAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(404, problem.ResponseStatusCode);
        Assert.Equal("GW-RES-001", problem.ErrorCode);
    }

    private PartnerApiClient CreateClient(string clientId, string scope)
    {
        var http = _gateway.Client;
        var tokens = new ClientCredentialsTokenProvider(http, clientId, GatewaySetup.SecretOf(clientId), scope);
        var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(tokens), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return new PartnerApiClient(adapter);
    }

    private static PartnerGuaranteeApplicationRequest Application(string productCode) => new()
    {
        ProductCode = productCode,
        RequestedAmount = 15_000_000,
        TermMonths = 60,
        LenderCode = "081",
        Applicant = new PartnerApplicant
        {
            Name = "김민수",
            ResidentRegistrationNumber = SyntheticRrn.Adult(30),
            AnnualIncome = 30_000_000,
            EmploymentMonths = 12,
            CreditScore = 640,
            CreditPercentile = 15.5,
        },
        Consent = new PartnerConsent { ConsentId = "CONSENT-1", ConsentedAt = DateTimeOffset.UtcNow },
    };

    /// <summary>Client credentials at the gateway's /connect/token, the way a partner's code gets its token.</summary>
    private sealed class ClientCredentialsTokenProvider(HttpClient http, string clientId, string secret, string scope) : IAccessTokenProvider
    {
        private string? _token;

        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            if (_token is not null)
            {
                return _token;
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = secret,
                ["scope"] = scope,
            });
            using var response = await http.PostAsync("/connect/token", form, cancellationToken);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            _token = body.GetProperty("access_token").GetString()!;
            return _token;
        }
    }
}
