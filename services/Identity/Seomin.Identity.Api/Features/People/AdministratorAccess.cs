using System.Security.Claims;
using Seomin.Access;

namespace Seomin.Identity.Api.Features.People;

/// <summary>
/// Who may administer clients and keys: a token with the administrator role; a person must also have given the
/// second factor (their token's <c>amr</c> names it), an internal system's client credentials are its own proof.
/// </summary>
public static class AdministratorAccess
{
    public static bool IsSatisfiedBy(ClaimsPrincipal user) =>
        user.HasRole(StaffRoles.Administrator)
        && (!user.IsPerson() || user.FindAll(SeominClaims.AuthenticationMethods).Any(c => c.Value is AuthenticationMethods.Otp or AuthenticationMethods.Mfa));
}

/// <summary>RFC 8176 authentication method references.</summary>
public static class AuthenticationMethods
{
    public const string Password = "pwd";
    public const string Otp = "otp";
    public const string Mfa = "mfa";
}
