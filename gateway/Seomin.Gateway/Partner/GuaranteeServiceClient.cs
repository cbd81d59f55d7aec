using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Seomin.Gateway.Routing;

namespace Seomin.Gateway.Partner;

/// <summary>
/// The gateway's own typed calls to the guarantee service for the partner API: typed requests, typed answers and
/// typed Problem Details, read with the service's JSON rules (camelCase, enums as strings). Each call carries the
/// partner's own bearer token: the guarantee service authorises the scope and keeps each partner to its own
/// applications by the token's <c>partner_code</c>.
/// </summary>
public sealed class GuaranteeServiceClient(IHttpClientFactory httpClientFactory, IConfiguration configuration, IOptions<GatewayOptions> options)
{
    public const string HttpClientName = "guarantee-service";

    // The guarantee service writes camelCase with enums as strings; the gateway reads status names as strings.
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public Task<GuaranteeServiceResponse<IReadOnlyList<GuaranteeProductView>>> GetProductsAsync(
        QueryString query, PartnerHeaders headers, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<GuaranteeProductView>>(HttpMethod.Get, options.Value.Partner.ProductsPath + query.Value, null, headers, cancellationToken);

    public Task<GuaranteeServiceResponse<GuaranteeApplicationView>> SubmitApplicationAsync(
        GuaranteeServiceApplication body, PartnerHeaders headers, CancellationToken cancellationToken) =>
        SendAsync<GuaranteeApplicationView>(HttpMethod.Post, options.Value.Partner.ApplicationsPath, body, headers, cancellationToken);

    public Task<GuaranteeServiceResponse<GuaranteeApplicationView>> GetApplicationAsync(
        string applicationId, PartnerHeaders headers, CancellationToken cancellationToken) =>
        SendAsync<GuaranteeApplicationView>(HttpMethod.Get, $"{options.Value.Partner.ApplicationsPath}/{Uri.EscapeDataString(applicationId)}", null, headers, cancellationToken);

    private async Task<GuaranteeServiceResponse<T>> SendAsync<T>(
        HttpMethod method, string path, GuaranteeServiceApplication? body, PartnerHeaders headers, CancellationToken cancellationToken)
        where T : class
    {
        var baseAddress = ServiceProxyConfigProvider.ResolveFirstAddress(configuration, options.Value.Partner.GuaranteeService)
            ?? throw new ServiceUnavailableException();
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.TryAddWithoutValidation("Authorization", headers.Authorization);
        request.Headers.TryAddWithoutValidation(TransactionIds.HeaderName, headers.TransactionId);
        if (headers.IdempotencyKey is not null)
        {
            // The guarantee service scopes idempotency keys by the calling client of the token.
            request.Headers.TryAddWithoutValidation("Idempotency-Key", headers.IdempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
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
            var retryAfter = response.Headers.RetryAfter?.ToString();
            if (response.Content.Headers.ContentLength == 0 || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
            {
                return new GuaranteeServiceResponse<T>(status, null, null, retryAfter);
            }

            try
            {
                return response.IsSuccessStatusCode
                    ? new GuaranteeServiceResponse<T>(status, await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), null, retryAfter)
                    : new GuaranteeServiceResponse<T>(status, null, await response.Content.ReadFromJsonAsync<GuaranteeServiceProblem>(Json, cancellationToken), retryAfter);
            }
            catch (JsonException)
            {
                // An answer the gateway cannot read is the service's fault, not the partner's: 502 without a value.
                return new GuaranteeServiceResponse<T>(StatusCodes.Status502BadGateway, null, null, retryAfter);
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

/// <summary>The guarantee service's answer: its typed value on success, its Problem Details otherwise.</summary>
public sealed record GuaranteeServiceResponse<T>(int StatusCode, T? Value, GuaranteeServiceProblem? Problem, string? RetryAfter)
    where T : class;

/// <summary>The Problem Details the guarantee service answers with (RFC 9457 plus its <c>rule</c> and <c>errors</c>).</summary>
public sealed record GuaranteeServiceProblem(string? Title, string? Detail, string? Rule, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>A product as the guarantee service lists it (<c>GET /api/guarantees/products</c>): the version in force, if any.</summary>
public sealed record GuaranteeProductView(string Code, GuaranteeProductVersionView? InForce);

/// <summary>The fields of a product version that partners may see.</summary>
public sealed record GuaranteeProductVersionView(
    string Code,
    int Version,
    string Name,
    DateOnly EffectiveFrom,
    long MaxAmountPerPerson,
    IReadOnlyList<int> TermMonthsOptions,
    decimal GuaranteeRatio,
    decimal AnnualFeeRate,
    bool AllowsYearlyInstalments);

/// <summary>An application as the guarantee service answers it; the gateway reads only what partners may see.</summary>
public sealed record GuaranteeApplicationView(
    Guid Id,
    string ProductCode,
    string Status,
    string? ScreeningOutcome,
    long RequestedAmount,
    int TermMonths,
    long? ApprovedAmount,
    string? DecisionReason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DecidedAt);

/// <summary>What the gateway passes on from a partner's request: its Authorization header unchanged, the transaction id, the idempotency key.</summary>
public sealed record PartnerHeaders(string PartnerCode, string ClientId, string Authorization, string TransactionId, string? IdempotencyKey);

/// <summary>The guarantee service is not configured, unreachable or timed out.</summary>
public sealed class ServiceUnavailableException : Exception
{
    public ServiceUnavailableException()
        : base("The guarantee service is unavailable.")
    {
    }

    public ServiceUnavailableException(Exception innerException)
        : base("The guarantee service is unavailable.", innerException)
    {
    }
}
