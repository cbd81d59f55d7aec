using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Seomin.AppHost.Dashboard.Access;

/// <summary>
/// Who may open the dashboard. Bound to a loopback address, anyone on the machine may (like Aspire's default).
/// Bound elsewhere, a browser token is required: the AppHost prints <see cref="LoginUrl"/> at start; opening it
/// (or typing the token on <c>/login</c>) sets an HttpOnly cookie.
/// </summary>
public sealed class DashboardAccess
{
    /// <summary>Name of the session cookie.</summary>
    public const string CookieName = "seomin-dashboard";

    private readonly byte[] _cookieValue;

    public DashboardAccess(IOptions<DashboardOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.Value.Url;
        DashboardUri = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : new Uri(DashboardOptions.DefaultUrl);
        RequiresToken = !IsLoopback(DashboardUri.Host);
        BrowserToken = string.IsNullOrWhiteSpace(options.Value.BrowserToken)
            ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))
            : options.Value.BrowserToken.Trim();
        _cookieValue = SHA256.HashData(Encoding.UTF8.GetBytes("seomin-dashboard:" + BrowserToken));
    }

    /// <summary>The dashboard's configured URL.</summary>
    public Uri DashboardUri { get; }

    /// <summary>True when the dashboard is bound to a non-loopback address and needs the browser token.</summary>
    public bool RequiresToken { get; }

    /// <summary>The browser token (only meaningful when <see cref="RequiresToken"/>).</summary>
    public string BrowserToken { get; }

    /// <summary>The URL to print at start: with the token when one is required, else the plain dashboard URL.</summary>
    public string LoginUrl => RequiresToken
        ? new Uri(DashboardUri, "/login?t=" + Uri.EscapeDataString(BrowserToken)).ToString()
        : DashboardUri.ToString();

    internal string SessionCookieValue => Convert.ToBase64String(_cookieValue);

    /// <summary>Constant-time check of a typed token.</summary>
    public bool IsValidToken(string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token.Trim()), Encoding.UTF8.GetBytes(BrowserToken));

    internal bool HasValidSession(HttpContext context)
    {
        var cookie = context.Request.Cookies[CookieName];
        if (cookie is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(SessionCookieValue);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), expected);
    }

    internal void SignIn(HttpContext context) =>
        context.Response.Cookies.Append(CookieName, SessionCookieValue, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            Path = "/",
        });

    internal static bool IsLoopback(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
