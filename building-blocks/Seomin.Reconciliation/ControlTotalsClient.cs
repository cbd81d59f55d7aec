using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Seomin.Reconciliation;

/// <summary>Reads a service's <c>GET /internal/control-totals</c> with the job's token.</summary>
public interface IControlTotalsClient
{
    Task<ControlTotalsReport> GetAsync(string service, ControlPeriod period, CancellationToken cancellationToken);
}

internal sealed class HttpControlTotalsClient(HttpClient http, ServiceTokens tokens, IOptions<ReconciliationOptions> options) : IControlTotalsClient
{
    public async Task<ControlTotalsReport> GetAsync(string service, ControlPeriod period, CancellationToken cancellationToken)
    {
        if (!options.Value.Services.TryGetValue(service, out var baseUrl))
        {
            throw new ControlTotalsUnavailableException(service, "no address configured (Reconciliation:Services)");
        }

        var url = string.Create(CultureInfo.InvariantCulture,
            $"{baseUrl.TrimEnd('/')}{ControlTotalsEndpoints.Path}?from={period.From:yyyy-MM-dd}&to={period.To:yyyy-MM-dd}&keys=true");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ControlTotalsUnavailableException(service, $"HTTP {(int)response.StatusCode}");
            }

            return await response.Content.ReadFromJsonAsync<ControlTotalsReport>(cancellationToken)
                ?? throw new ControlTotalsUnavailableException(service, "empty answer");
        }
        catch (HttpRequestException ex)
        {
            throw new ControlTotalsUnavailableException(service, ex.Message);
        }
    }
}
