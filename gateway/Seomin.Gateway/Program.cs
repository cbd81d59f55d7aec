using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Trace;
using Seomin.Gateway;
using Seomin.Gateway.Clients;
using Seomin.Gateway.Data;
using Seomin.Gateway.Partner;
using Seomin.Gateway.Portal;
using Seomin.Gateway.RateLimiting;
using Seomin.Gateway.Routing;
using Seomin.Gateway.Security;
using Seomin.Gateway.Tokens;
using Seomin.ServiceDefaults.Health;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

// Hosting's "Request starting" lines carry the full query string, where a careless partner might put a token
// (refused with 401, but it must not reach the logs either): those lines are never written, whatever the configuration.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);

// Everything below reads configuration lazily, so hosts and tests can supply it up to Build().
builder.Services.AddSingleton(sp => NpgsqlDataSource.Create(
    sp.GetRequiredService<IConfiguration>().GetConnectionString("gatewaydb")
    ?? throw new InvalidOperationException("ConnectionStrings:gatewaydb is required: the gateway keeps its clients and signing keys there.")));
builder.Services.AddSingleton<GatewayDatabase>();
builder.Services.AddSingleton<ClientStore>();
builder.Services.AddSingleton<ClientCache>();
builder.Services.AddSingleton<ValidatedTokenCache>();
builder.Services.AddSingleton<SigningKeyStore>();
builder.Services.AddSingleton<TokenIssuer>();
builder.Services.AddSingleton<ApplicationOwnershipStore>();
builder.Services.AddSingleton<GuaranteeServiceClient>();
builder.Services.AddHealthChecks().AddNpgsqlDatabase("gatewaydb");
builder.Services.AddHttpClient(nameof(ExternalValidationKeySource));
builder.Services.AddSingleton<IValidationKeySource>(sp =>
    sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Authority.IsConfigured
        ? ActivatorUtilities.CreateInstance<ExternalValidationKeySource>(sp)
        : ActivatorUtilities.CreateInstance<EmbeddedValidationKeySource>(sp));
builder.Services.AddHostedService<KeyRotationService>();

builder.Services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, configureOptions: null);
builder.Services.AddGatewayAuthorization();
builder.Services.AddQuotaRateLimiting();
builder.Services.AddRequestTimeouts();
builder.Services.AddOpenApi(PartnerEndpoints.DocumentName, options =>
{
    options.ShouldInclude = description => description.GroupName == PartnerEndpoints.DocumentName;
    options.AddDocumentTransformer<PartnerDocumentTransformer>();
});

// Partner calls fail fast to a 503: retries with back-off belong to the partner, who sees Retry-After.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental in Http.Resilience 10.11; it is the documented opt-out.
builder.Services.AddHttpClient(GuaranteeServiceClient.HttpClientName)
    .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Partner.Timeout)
    .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

builder.Services.AddSingleton<IProxyConfigProvider, ServiceProxyConfigProvider>();
// Destinations are http://<service> names resolved by service discovery (services:<service>:http:0).
builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource("Yarp.ReverseProxy"));
builder.Services.AddReverseProxy().AddServiceDiscoveryDestinationResolver().AddTransforms(context => context.AddRequestTransform(transform =>
{
    // Only the gateway vouches for who is calling: incoming copies of the trusted headers are dropped.
    foreach (var header in TrustedHeaders.All)
    {
        transform.ProxyRequest.Headers.Remove(header);
    }

    var user = transform.HttpContext.User;
    if (user.GetClientId() is { } clientId)
    {
        transform.ProxyRequest.Headers.TryAddWithoutValidation(TrustedHeaders.ClientId, clientId);
    }

    if (user.GetPartnerId() is { } partnerId)
    {
        transform.ProxyRequest.Headers.TryAddWithoutValidation(TrustedHeaders.PartnerId, partnerId);
    }

    return ValueTask.CompletedTask;
}));

var app = builder.Build();
var gatewayOptions = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
var externalAuthority = gatewayOptions.Authority.IsConfigured;

await app.Services.GetRequiredService<GatewayDatabase>().MigrateAsync(CancellationToken.None);
if (app.Environment.IsDevelopment())
{
    await DevelopmentClients.SeedAsync(app.Services.GetRequiredService<ClientStore>(), CancellationToken.None);
}

if (!externalAuthority)
{
    await app.Services.GetRequiredService<SigningKeyStore>().InitializeAsync(CancellationToken.None);
}

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

    options.SwaggerEndpoint("/openapi/v1.json", "Gateway: token service and administration");
    options.HeadContent = "<p style=\"font-family:sans-serif;margin:8px\"><a href=\"/docs/guide\">Partner guide / 파트너 가이드</a></p>";
});
app.UseAuthentication();
app.UseMiddleware<TransactionIds>();
app.UseMiddleware<RequestGuards>();
app.UseRateLimiter();
app.UseAuthorization();
app.UseRequestTimeouts();

if (!externalAuthority)
{
    app.MapTokenEndpoints();
}

app.MapClientAdminEndpoints();
app.MapPartnerEndpoints();
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
