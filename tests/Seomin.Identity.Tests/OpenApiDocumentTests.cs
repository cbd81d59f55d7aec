using System.Text.Json;
using Seomin.Testing;

namespace Seomin.Identity.Tests;

/// <summary>The cases read the document only: they share one token service.</summary>
public sealed class OpenApiDocumentTests(PlatformServers servers, SharedPerClass<IdentityApp> shared) : IAsyncLifetime, IClassFixture<SharedPerClass<IdentityApp>>
{
    private IdentityApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await shared.GetAsync(() => IdentityApp.StartAsync(servers, "identity_openapi"));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static readonly (string Path, string Method, string Statuses)[] Operations =
    [
        ("/admin/clients", "get", "200 400 401 403"),
        ("/admin/clients", "post", "201 400 401 403 409"),
        ("/admin/clients/{clientId}", "get", "200 401 403 404"),
        ("/admin/clients/{clientId}/secret", "post", "200 401 403 404 409"),
        ("/admin/clients/{clientId}/revoke", "post", "200 401 403 404"),
        ("/admin/clients/{clientId}/quotas", "patch", "200 400 401 403 404"),
        ("/admin/signing-keys", "get", "200 401 403"),
        ("/admin/signing-keys/rotate", "post", "200 401 403"),
        ("/admin/signing-keys/{keyId}/withdraw", "post", "200 401 403 404"),
        ("/revocations/active", "get", "200"),
    ];

    [Fact]
    public async Task Document_DescribesEveryJsonEndpointWithItsErrors()
    {
        using var document = JsonDocument.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"));

        foreach (var (path, method, statuses) in Operations)
        {
            var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);
            var documented = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToList();
            Assert.True(statuses.Split(' ').Order().SequenceEqual(documented), $"{method} {path}: {string.Join(' ', documented)}");
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()));
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        }
    }

    [Fact]
    public async Task Document_LeavesOutTheOAuthAndHtmlEndpoints()
    {
        using var document = JsonDocument.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.DoesNotContain(paths, p => p.StartsWith("/connect", StringComparison.Ordinal) || p.StartsWith("/account", StringComparison.Ordinal));
    }
}
