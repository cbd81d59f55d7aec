using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Seomin.Bench.Platform.Http;

/// <summary>
/// A staff member signs in without a browser: the authorization code flow + PKCE of the public client
/// <c>seomin-staff</c> through the gateway, the sign-in form posted with its antiforgery field and cookie, the code
/// taken from the redirect to the registered callback, then exchanged (the same steps as the end-to-end tests' browser).
/// </summary>
internal static partial class StaffSignIn
{
    private const string ClientId = "seomin-staff";
    private const string RedirectUri = "http://127.0.0.1:8080/account/callback";

    /// <summary>The development users' password (services/Identity/README.md).</summary>
    private const string DevelopmentPassword = "Seomin!Dev2026";

    public static async Task<string> SignInAsync(PlatformClient platform, string employeeNumber, string scope, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = platform.Gateway, Timeout = TimeSpan.FromSeconds(60) };
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = $"/connect/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}"
            + $"&scope={Uri.EscapeDataString(scope)}&state=bench&code_challenge={challenge}&code_challenge_method=S256";

        var location = await RedirectAsync(http, HttpMethod.Get, authorize, null, ct);
        using (var page = await http.GetAsync(location, ct))
        {
            var html = await page.Content.ReadAsStringAsync(ct);
            var fields = HiddenField().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
            fields["employeeNumber"] = employeeNumber;
            fields["password"] = DevelopmentPassword;
            location = await RedirectAsync(http, HttpMethod.Post, "/account/login", new FormUrlEncodedContent(fields), ct);
        }

        while (!location.StartsWith(RedirectUri, StringComparison.Ordinal))
        {
            location = await RedirectAsync(http, HttpMethod.Get, location, null, ct);
        }

        var code = System.Web.HttpUtility.ParseQueryString(new Uri(location).Query)["code"]
            ?? throw new InvalidOperationException($"no code in {location}");
        using var exchange = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        }), ct);
        var body = await exchange.Content.ReadAsStringAsync(ct);
        if (!exchange.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"code exchange for {employeeNumber}: {(int)exchange.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    private static async Task<string> RedirectAsync(HttpClient http, HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await http.SendAsync(request, ct);
        if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is null)
        {
            throw new InvalidOperationException($"sign-in step {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }

        var location = response.Headers.Location;
        return location.IsAbsoluteUri && location.Host != "127.0.0.1" || location.ToString().StartsWith(RedirectUri, StringComparison.Ordinal)
            ? location.ToString()
            : location.IsAbsoluteUri ? location.PathAndQuery : location.ToString();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
