using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Seomin.Access;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.Clients;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Seomin.Identity.Api.Features.Tokens;

/// <summary>
/// The principals behind Seomin access tokens, with exactly the claims of the token contract (docs/adr/0013): what
/// each claim is and which token it goes into is decided here and nowhere else.
/// </summary>
public static class TokenPrincipals
{
    /// <summary>A system: <c>sub</c> = client id, its kind, roles (internal only), codes and quotas.</summary>
    public static ClaimsPrincipal ForClient(ClientProfile profile, IReadOnlyList<string> scopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, profile.ClientId);
        identity.SetClaim(SeominClaims.ClientType, profile.ClientType);
        identity.SetClaim(Claims.Name, profile.DisplayName);
        if (profile.ClientType == Access.ClientTypes.Internal)
        {
            identity.SetClaims(Claims.Role, [.. profile.Roles.Order(StringComparer.Ordinal)]);
        }

        if (profile.ClientType == Access.ClientTypes.Partner)
        {
            identity.SetClaim(SeominClaims.PartnerCode, profile.PartnerCode);
        }

        if (profile.ClientType == Access.ClientTypes.Institution)
        {
            identity.SetClaim(SeominClaims.InstitutionCode, profile.InstitutionCode);
        }

        identity.AddClaim(new Claim(SeominClaims.QuotaPerSecond, profile.QuotaPerSecond.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32));
        identity.AddClaim(new Claim(SeominClaims.QuotaPerDay, profile.QuotaPerDay.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32));
        return Finish(identity, scopes);
    }

    /// <summary>A person: <c>sub</c> = employee number, <c>client_type</c> staff, roles, name, branch and <c>amr</c>.</summary>
    public static ClaimsPrincipal ForPerson(StaffUser user, IEnumerable<string> roles, IEnumerable<string> authenticationMethods, IEnumerable<string> scopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, user.UserName);
        identity.SetClaim(SeominClaims.ClientType, Access.ClientTypes.Staff);
        identity.SetClaim(Claims.Name, user.DisplayName);
        identity.SetClaim(SeominClaims.Branch, user.Branch);
        identity.SetClaims(Claims.Role, [.. roles.Where(StaffRoles.All.Contains).Order(StringComparer.Ordinal)]);
        identity.SetClaims(Claims.AuthenticationMethodReference, [.. authenticationMethods.Distinct(StringComparer.Ordinal)]);
        return Finish(identity, scopes.ToList());
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private static ClaimsPrincipal Finish(ClaimsIdentity identity, IReadOnlyList<string> scopes)
    {
        identity.SetScopes(scopes);
        identity.SetResources(ScopeCatalog.AudiencesFor(scopes));
        identity.SetDestinations(claim => claim.Type switch
        {
            // The identity token (people only, scope openid) names the person; everything else is for the APIs.
            Claims.Name or SeominClaims.Branch or Claims.Role or Claims.AuthenticationMethodReference
                when identity.HasScope(OpenIddictConstants.Scopes.OpenId) => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}
