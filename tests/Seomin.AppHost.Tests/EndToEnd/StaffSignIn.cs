using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Seomin.AppHost.Tests.Dashboard;

namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>The tokens a staff member gets from the authorization code flow.</summary>
internal sealed record StaffTokens(string AccessToken, string? RefreshToken, string? IdToken);

/// <summary>
/// A staff member signs in as in a browser (Debian's Chromium, Korean locale) with the authorization code flow + PKCE
/// of the public client <c>seomin-staff</c>: <c>/connect/authorize</c> through the gateway, the Korean sign-in page
/// <c>/account/login</c>, back to the registered redirect <c>http://127.0.0.1:8080/account/callback</c> (intercepted
/// here: under the tests the gateway has a random port, and port 8080 may be another run's), then the code exchange.
/// </summary>
internal static class StaffSignIn
{
    public const string ClientId = "seomin-staff";
    public const string RedirectUri = "http://127.0.0.1:8080/account/callback";

    /// <summary>The development users' password (services/Identity/README.md).</summary>
    public const string DevelopmentPassword = "Seomin!Dev2026";

    public static async Task<StaffTokens> SignInAsync(Uri gateway, string employeeNumber, string scope, string screenshot)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Guid.NewGuid().ToString("N");
        var authorize = $"/connect/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}"
            + $"&scope={Uri.EscapeDataString(scope)}&state={state}&code_challenge={challenge}&code_challenge_method=S256";

        await using var session = await BrowserSession.StartAsync();
        var page = await session.NewPageAsync(gateway);
        var callback = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(RedirectUri + "**", async route =>
        {
            callback.TrySetResult(new Uri(route.Request.Url));
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/plain", Body = "signed in" });
        });

        await page.GotoAsync(authorize);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login", new PageWaitForURLOptions { Timeout = 60_000 });
        // The sign-in page is in Korean for a Korean browser.
        Assert.Equal("ko", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        Assert.Matches("[\uAC00-\uD7A3]", await page.InnerTextAsync("body"));
        await page.FillAsync("input[name=employeeNumber]", employeeNumber);
        await page.FillAsync("input[name=password]", DevelopmentPassword);
        await BrowserSession.ScreenshotAsync(page, screenshot);
        await page.ClickAsync("form [type=submit]");

        var redirected = await callback.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var query = System.Web.HttpUtility.ParseQueryString(redirected.Query);
        Assert.Equal(state, query["state"]);
        var code = query["code"];
        Assert.False(string.IsNullOrEmpty(code), $"no code in the redirect: {redirected}");

        var (status, body) = await GatewayClient.PostFormAsync(gateway, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = code!,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        });
        Assert.True(status == HttpStatusCode.OK, $"code exchange: {(int)status} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return new StaffTokens(
            json.GetProperty("access_token").GetString()!,
            json.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            json.TryGetProperty("id_token", out var id) ? id.GetString() : null);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
