using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Seomin.Testing;

namespace Seomin.Access.Tests;

/// <summary>A minimal service on Kestrel (loopback) that validates tokens with Seomin.Access for the guarantee audience.</summary>
internal sealed class AccessTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AccessTestHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<AccessTestHost> StartAsync(TestTokenAuthority authority, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "seomin-access-test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(authority.ServiceConfiguration);
        builder.AddServiceDefaults();
        builder.AddSeominTokenValidation(Audiences.Guarantee);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapGet("/any", (HttpContext http) => TypedResults.Ok(new { subject = http.User.GetSubject(), client = http.User.GetClientId() }));
        // Changes the caller's identity in the request: a remembered validation must hand every request its own copy.
        app.MapGet("/stamp", (HttpContext http) =>
        {
            ((System.Security.Claims.ClaimsIdentity)http.User.Identity!).AddClaim(new System.Security.Claims.Claim("stamp", "1"));
            return TypedResults.Ok(http.User.FindAll("stamp").Count());
        });
        app.MapGet("/officers", () => TypedResults.Ok("officers")).RequireRoles(StaffRoles.GuaranteeOfficer);
        app.MapGet("/products", () => TypedResults.Ok("products"))
            .RequireRolesOrScopes([StaffRoles.GuaranteeOfficer, StaffRoles.Auditor], [Scopes.ProductsRead]);
        app.MapGet("/partners", () => TypedResults.Ok("partners")).RequireScopes(Scopes.GuaranteesApply);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new AccessTestHost(app, new Uri(address));
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
