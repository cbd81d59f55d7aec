using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Seomin.Identity.Tests;

/// <summary>
/// Drives the authorization code flow as a browser and a CLI would: authorize, the sign-in page, the form with its
/// antiforgery token and cookies, the second factor, the redirect with the code, and the token request with the verifier.
/// </summary>
public sealed partial class StaffFlow(IdentityApp app)
{
    public const string ClientId = "seomin-staff";
    public const string RedirectUri = "http://127.0.0.1:8765/callback";

    public HttpClient Browser { get; } = app.Browser();

    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));

    public string AuthorizeUrl(string scope = "openid offline_access guarantee", string method = "S256", string? challenge = null, string? uiLocales = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = "state-123",
            ["code_challenge"] = challenge ?? (method == "S256" ? Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))) : Verifier),
            ["code_challenge_method"] = method,
        };
        if (uiLocales is not null)
        {
            query["ui_locales"] = uiLocales;
        }

        return QueryHelpers.AddQueryString("/connect/authorize", query);
    }

    /// <summary>GET authorize without a sign-in: the redirect to the sign-in page.</summary>
    public async Task<string> LoginPageUrlAsync(string? authorizeUrl = null)
    {
        var response = await Browser.GetAsync(authorizeUrl ?? AuthorizeUrl());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Contains("/account/login", location, StringComparison.Ordinal);
        return location;
    }

    /// <summary>Loads a form page and posts it back with the given fields (antiforgery token, returnUrl and lang from the page).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, string action, Dictionary<string, string> fields)
    {
        var page = await Browser.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = Hidden(html, "__RequestVerificationToken"),
            ["returnUrl"] = Hidden(html, "returnUrl"),
            ["lang"] = Hidden(html, "lang"),
        };
        return await Browser.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> SubmitPasswordAsync(string loginUrl, string employeeNumber, string password) =>
        SubmitAsync(loginUrl, "/account/login", new() { ["employeeNumber"] = employeeNumber, ["password"] = password });

    /// <summary>The whole sign-in up to the code; <paramref name="authenticatorKey"/> answers the second factor.</summary>
    public async Task<string> SignInAsync(string employeeNumber, string password, string? authenticatorKey = null, string? authorizeUrl = null)
    {
        var login = await LoginPageUrlAsync(authorizeUrl);
        var response = await SubmitPasswordAsync(login, employeeNumber, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var next = response.Headers.Location!.ToString();
        if (next.StartsWith("/account/login/otp", StringComparison.Ordinal))
        {
            Assert.NotNull(authenticatorKey);
            response = await SubmitAsync(next, "/account/login/otp", new() { ["code"] = Totp.Code(authenticatorKey, DateTimeOffset.UtcNow) });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            next = response.Headers.Location!.ToString();
        }

        return await FollowToCodeAsync(next);
    }

    /// <summary>From the authorize URL (signed in) to the code in the redirect to the CLI's loopback address.</summary>
    public async Task<string> FollowToCodeAsync(string authorizeUrl)
    {
        Assert.StartsWith("/connect/authorize", authorizeUrl, StringComparison.Ordinal);
        var response = await Browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("state-123", query["state"].ToString());
        return query["code"].ToString();
    }

    public async Task<HttpResponseMessage> RedeemAsync(string code, string? verifier = null) =>
        await app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier ?? Verifier,
        }));

    public async Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        await app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ClientId,
            ["refresh_token"] = refreshToken,
        }));

    public static async Task<TokenResponse> ReadTokensAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<TokenResponse>(body)!;
    }

    public async Task<TokenResponse> SignInForTokensAsync(string employeeNumber, string password, string? authenticatorKey = null) =>
        await ReadTokensAsync(await RedeemAsync(await SignInAsync(employeeNumber, password, authenticatorKey)));

    public static string Hidden(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");
        Assert.True(match.Success, $"hidden field {name} on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The page's error paragraph (empty when there is none).</summary>
    public static string ErrorText(string html) => ErrorParagraph().Match(html).Groups[1].Value;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<p class=\"error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex ErrorParagraph();
}

/// <summary>RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits), computed here independently of ASP.NET Identity.</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Base32Decode(base32Key);
        var counter = at.ToUnixTimeSeconds() / 30;
        var message = new byte[8];
        for (var i = 7; i >= 0; i--)
        {
            message[i] = (byte)(counter & 0xff);
            counter >>= 8;
        }

        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string input)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = input.TrimEnd('=').ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)((buffer >> bits) & 0xff));
            }
        }

        return [.. output];
    }
}
