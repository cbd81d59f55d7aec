using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Seomin.Gateway;
using Seomin.Gateway.Partner;
using Seomin.Gateway.Portal;
using Seomin.Gateway.RateLimiting;
using Seomin.Gateway.Routing;
using Seomin.Gateway.Security;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

// Hosting's "Request starting" lines carry the full query string, where a careless partner might put a token
// (refused with 401, but it must not reach the logs either): those lines are never written, whatever the configuration.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);

// Tokens come from the token service (services/Identity, reached as http://identity); the gateway validates them
// itself (audience "gateway") and makes the coarse route checks. Everything reads configuration lazily, so hosts
// and tests can supply it up to Build().
builder.AddGatewayAccess();
builder.Services.AddQuotaRateLimiting();
builder.Services.AddRequestTimeouts();
builder.Services.AddSingleton<GuaranteeServiceClient>();
builder.Services.AddSingleton<DormantAssetsServiceClient>();
builder.Services.AddOpenApi(PartnerEndpoints.DocumentName, options =>
{
    options.ShouldInclude = description => description.GroupName == PartnerEndpoints.DocumentName;
    options.AddDocumentTransformer<PartnerDocumentTransformer>();
    options.AddOperationTransformer<PartnerOperationTransformer>();
});

// Partner calls fail fast to a 503: retries with back-off belong to the partner, who sees Retry-After.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental in Http.Resilience 10.11; it is the documented opt-out.
builder.Services.AddHttpClient(GuaranteeServiceClient.HttpClientName)
    .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Partner.Timeout)
    .RemoveAllResilienceHandlers();
builder.Services.AddHttpClient(DormantAssetsServiceClient.HttpClientName)
    .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Partner.Timeout)
    .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

builder.Services.AddSingleton<IProxyConfigProvider, ServiceProxyConfigProvider>();
// Destinations are http://<service> names resolved by service discovery (services:<service>:http:0).
builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource("Yarp.ReverseProxy"));
builder.Services.AddReverseProxy().AddServiceDiscoveryDestinationResolver().AddTransforms(context => context.AddRequestTransform(transform =>
{
    // The caller's Authorization header goes through unchanged (every service validates the token itself). Nothing
    // else speaks for the caller: the headers the services once trusted are dropped if a caller sends them.
    foreach (var header in transform.ProxyRequest.Headers.Select(h => h.Key).Where(ForwardedRequests.IsRetiredHeader).ToList())
    {
        transform.ProxyRequest.Headers.Remove(header);
    }

    return ValueTask.CompletedTask;
}));

var app = builder.Build();
var gatewayOptions = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;

app.MapDefaultEndpoints();
app.UseSwaggerUI(options =>
{
    options.RoutePrefix = "docs";
    options.DocumentTitle = "Seomin API portal";
    options.SwaggerEndpoint("/openapi/partner.json", "Partner API v1");
    foreach (var (name, service) in gatewayOptions.Services)
    {
        if (!string.IsNullOrWhiteSpace(service.OpenApiDocument) && ServiceProxyConfigProvider.ResolveDestinations(app.Configuration, name).Count > 0)
        {
            options.SwaggerEndpoint($"/openapi/{service.OpenApiDocument}.json", $"Internal: {name}");
        }
    }

    options.HeadContent = "<p style=\"font-family:sans-serif;margin:8px\"><a href=\"/docs/guide\">Partner guide / 파트너 가이드</a></p>";
});
app.UseAuthentication();
app.UseMiddleware<TransactionIds>();
app.UseMiddleware<RequestGuards>();
app.UseRateLimiter();
app.UseAuthorization();
app.UseRequestTimeouts();

app.MapPartnerEndpoints();
app.MapDormantPartnerEndpoints();
app.MapPortalEndpoints();
app.MapReverseProxy(pipeline =>
{
    pipeline.Use(ProxyErrors.HandleAsync);
    pipeline.UseSessionAffinity();
    pipeline.UseLoadBalancing();
    pipeline.UsePassiveHealthChecks();
});

app.Run();

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
