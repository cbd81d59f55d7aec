using System.Text.Json;
using Microsoft.Extensions.Options;
using Seomin.Gateway.Routing;

namespace Seomin.Gateway.Partner;

/// <summary>The gateway's own calls to the guarantee service for the partner API.</summary>
public sealed class GuaranteeServiceClient(IHttpClientFactory httpClientFactory, IConfiguration configuration, IOptions<GatewayOptions> options)
{
    public const string HttpClientName = "guarantee-service";

    public sealed record ServiceResponse(int StatusCode, JsonElement? Body, string? RetryAfter);

    public Task<ServiceResponse> GetProductsAsync(QueryString query, PartnerHeaders headers, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, options.Value.Partner.ProductsPath + query.Value, null, headers, cancellationToken);

    public Task<ServiceResponse> SubmitApplicationAsync(object body, PartnerHeaders headers, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, options.Value.Partner.ApplicationsPath, body, headers, cancellationToken);

    public Task<ServiceResponse> GetApplicationAsync(string applicationId, PartnerHeaders headers, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"{options.Value.Partner.ApplicationsPath}/{Uri.EscapeDataString(applicationId)}", null, headers, cancellationToken);

    private async Task<ServiceResponse> SendAsync(HttpMethod method, string path, object? body, PartnerHeaders headers, CancellationToken cancellationToken)
    {
        var baseAddress = ServiceProxyConfigProvider.ResolveFirstAddress(configuration, options.Value.Partner.GuaranteeService)
            ?? throw new ServiceUnavailableException();
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.TryAddWithoutValidation(TrustedHeaders.PartnerId, headers.PartnerId);
        request.Headers.TryAddWithoutValidation(TrustedHeaders.ClientId, headers.ClientId);
        request.Headers.TryAddWithoutValidation(TransactionIds.HeaderName, headers.TransactionId);
        if (headers.IdempotencyKey is not null)
        {
            // Scoped by partner so two partners' keys never collide in the guarantee service.
            request.Headers.TryAddWithoutValidation("Idempotency-Key", $"{headers.PartnerId}:{headers.IdempotencyKey}");
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: JsonSerializerOptions.Web);
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
            JsonElement? json = null;
            if (response.Content.Headers.ContentLength != 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            }

            return new ServiceResponse((int)response.StatusCode, json, response.Headers.RetryAfter?.ToString());
        }
    }
}

public sealed record PartnerHeaders(string PartnerId, string ClientId, string TransactionId, string? IdempotencyKey);

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
