using System.Security.Claims;

namespace Seomin.Gateway.Security;

/// <summary>Claim names in the gateway's access tokens and on the authenticated principal.</summary>
public static class GatewayClaims
{
    public const string ClientId = "client_id";
    public const string ClientType = "client_type";
    public const string Role = "role";
    public const string Scope = "scope";
    public const string PartnerId = "partner_id";

    public const string Internal = "internal";
    public const string Partner = "partner";

    public static string? GetClientId(this ClaimsPrincipal user) => user.FindFirst(ClientId)?.Value;

    public static string? GetPartnerId(this ClaimsPrincipal user) =>
        user.IsPartner() ? user.FindFirst(PartnerId)?.Value : null;

    public static bool IsPartner(this ClaimsPrincipal user) => user.HasClaim(ClientType, Partner);

    public static bool IsInternal(this ClaimsPrincipal user) => user.HasClaim(ClientType, Internal);

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(Scope).Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}
