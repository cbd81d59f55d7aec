using System.Text.Json;
using System.Text.Json.Serialization;
using Seomin.Gateway.Routing;

namespace Seomin.Gateway.Partner;

/// <summary>
/// The gateway's typed calls to the dormant-assets service for partner API v1 (찾아줌 for fintechs). Each call carries
/// the partner's own bearer token: the service authorises the scope, records the consent and keeps each partner to
/// its own claims by the token's <c>partner_code</c>.
/// </summary>
public sealed class DormantAssetsServiceClient(IHttpClientFactory httpClientFactory, IConfiguration configuration)
{
    public const string HttpClientName = "dormant-assets-service";

    /// <summary>The Aspire resource (and service-discovery) name of the dormant-assets service.</summary>
    public const string ServiceName = "dormant-assets";

    private const string BasePath = "/api/dormant-assets/partner";

    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public Task<ServiceAnswer<DormantLookupView>> LookUpAsync(DormantServiceLookup body, PartnerHeaders headers, CancellationToken cancellationToken) =>
        SendAsync<DormantLookupView>(HttpMethod.Post, $"{BasePath}/lookups", body, headers, cancellationToken);

    public Task<ServiceAnswer<DormantClaimView>> ClaimAsync(DormantServiceClaim body, PartnerHeaders headers, CancellationToken cancellationToken) =>
        SendAsync<DormantClaimView>(HttpMethod.Post, $"{BasePath}/claims", body, headers, cancellationToken);

    public Task<ServiceAnswer<DormantClaimView>> GetClaimAsync(Guid claimId, PartnerHeaders headers, CancellationToken cancellationToken) =>
        SendAsync<DormantClaimView>(HttpMethod.Get, $"{BasePath}/claims/{claimId}", null, headers, cancellationToken);

    private async Task<ServiceAnswer<T>> SendAsync<T>(HttpMethod method, string path, object? body, PartnerHeaders headers, CancellationToken cancellationToken)
        where T : class
    {
        var baseAddress = ServiceProxyConfigProvider.ResolveFirstAddress(configuration, ServiceName) ?? throw new ServiceUnavailableException();
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.TryAddWithoutValidation("Authorization", headers.Authorization);
        request.Headers.TryAddWithoutValidation(TransactionIds.HeaderName, headers.TransactionId);
        if (headers.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", headers.IdempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new ServiceUnavailableException(exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceUnavailableException(exception);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
            {
                return new ServiceAnswer<T>(status, null, null);
            }

            try
            {
                return response.IsSuccessStatusCode
                    ? new ServiceAnswer<T>(status, await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), null)
                    : new ServiceAnswer<T>(status, null, await response.Content.ReadFromJsonAsync<GuaranteeServiceProblem>(Json, cancellationToken));
            }
            catch (JsonException)
            {
                return new ServiceAnswer<T>(StatusCodes.Status502BadGateway, null, null);
            }
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return json;
    }
}

/// <summary>A service's answer: its typed value on success, its Problem Details otherwise.</summary>
public sealed record ServiceAnswer<T>(int StatusCode, T? Value, GuaranteeServiceProblem? Problem)
    where T : class;

/// <summary>The body of the service's partner lookup.</summary>
public sealed record DormantServiceLookup(string VerificationId, string ConsentId, string Purpose);

/// <summary>The body of the service's partner claim.</summary>
public sealed record DormantServiceClaim(string VerificationId, string ConsentId, Guid AssetId, string PayeeBankCode, string PayeeAccount, DateOnly? ContactChangedOn);

/// <summary>The service's lookup answer; the gateway passes on what partners may see.</summary>
public sealed record DormantLookupView(int AssetCount, long OutstandingTotal, IReadOnlyList<DormantAssetView> Assets);

public sealed record DormantAssetView(
    Guid AssetId,
    string InstitutionName,
    string Sector,
    string AssetType,
    string AccountMasked,
    long Principal,
    long InterestToDate,
    long PayableToday,
    DateOnly TransferredOn,
    string Status);

public sealed record DormantHoldView(string Code, string Reason);

/// <summary>The service's claim; the gateway passes on what partners may see.</summary>
public sealed record DormantClaimView(
    Guid Id,
    Guid AssetId,
    string Status,
    long Principal,
    long Interest,
    long Payout,
    string PayeeBankCode,
    string PayeeAccountMasked,
    IReadOnlyList<DormantHoldView> HoldReasons,
    string? ConsentId,
    DateTimeOffset ClaimedAt,
    DateOnly? PaidOn);
