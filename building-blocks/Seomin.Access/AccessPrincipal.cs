using System.Globalization;
using System.Security.Claims;

namespace Seomin.Access;

/// <summary>Reading a validated Seomin access token's principal.</summary>
public static class AccessPrincipal
{
    public static string? GetSubject(this ClaimsPrincipal user) => user.FindFirst(SeominClaims.Subject)?.Value;

    public static string? GetClientId(this ClaimsPrincipal user) =>
        user.FindFirst(SeominClaims.ClientId)?.Value ?? user.FindFirst("azp")?.Value;

    public static string? GetClientType(this ClaimsPrincipal user) => user.FindFirst(SeominClaims.ClientType)?.Value;

    /// <summary>A person signed in (not a system acting on its own).</summary>
    public static bool IsPerson(this ClaimsPrincipal user) => user.GetClientType() == ClientTypes.Staff;

    /// <summary>A person or an internal system: the callers that carry staff roles.</summary>
    public static bool IsStaffOrInternal(this ClaimsPrincipal user) =>
        user.GetClientType() is ClientTypes.Staff or ClientTypes.Internal;

    public static bool IsPartner(this ClaimsPrincipal user) => user.GetClientType() == ClientTypes.Partner;

    public static bool IsInstitution(this ClaimsPrincipal user) => user.GetClientType() == ClientTypes.Institution;

    public static string? GetPartnerCode(this ClaimsPrincipal user) =>
        user.IsPartner() ? user.FindFirst(SeominClaims.PartnerCode)?.Value : null;

    public static string? GetInstitutionCode(this ClaimsPrincipal user) =>
        user.IsInstitution() ? user.FindFirst(SeominClaims.InstitutionCode)?.Value : null;

    /// <summary>Staff roles, only ever honoured on staff and internal tokens.</summary>
    public static bool HasRole(this ClaimsPrincipal user, string role) =>
        user.IsStaffOrInternal() && user.FindAll(SeominClaims.Role).Any(c => string.Equals(c.Value, role, StringComparison.Ordinal));

    public static IEnumerable<string> GetScopes(this ClaimsPrincipal user) =>
        user.FindAll(SeominClaims.Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal);

    public static bool HasScope(this ClaimsPrincipal user, string scope) => user.GetScopes().Contains(scope, StringComparer.Ordinal);

    public static int? GetQuota(this ClaimsPrincipal user, string claim) =>
        int.TryParse(user.FindFirst(claim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
