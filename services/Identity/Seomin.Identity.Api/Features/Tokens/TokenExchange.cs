using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.Audit;
using Seomin.Identity.Api.Features.Clients;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Seomin.Identity.Api.Features.Tokens;

/// <summary>
/// The token endpoint's grants, after OpenIddict has validated the request (client authentication, PKCE, the code or
/// refresh token, permitted scopes): client credentials for systems, authorization code and refresh token for people.
/// </summary>
public sealed class TokenExchange(
    IOpenIddictApplicationManager applications,
    ClientRegistry registry,
    IdentityDbContext db,
    UserManager<StaffUser> users,
    SecurityAudit audit)
{
    public async Task<IResult> ExchangeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        if (request.IsClientCredentialsGrantType())
        {
            return await ClientCredentialsAsync(request, http.RequestAborted);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            return await PersonAsync(http);
        }

        return Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    private async Task<IResult> ClientCredentialsAsync(OpenIddictRequest request, CancellationToken cancellationToken)
    {
        var clientId = request.ClientId ?? "";
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        var profile = await db.ClientProfiles.FindAsync([clientId], cancellationToken);
        if (application is null || profile is null || profile.Status != ClientStatus.Active)
        {
            await audit.RecordNowAsync(SecurityEventKinds.ClientAuthenticationFailed, clientId, clientId: clientId, detail: "client revoked or without profile");
            return Refuse(Errors.InvalidClient, "Client authentication failed.");
        }

        var permitted = await registry.PermittedScopesAsync(application, cancellationToken);
        var requested = request.GetScopes();
        if (requested.Any(s => !permitted.Contains(s, StringComparer.Ordinal)))
        {
            return Refuse(Errors.InvalidScope, "A requested scope is not permitted to this client.");
        }

        // No scope parameter: every scope the client is permitted (for an internal system, every API it may call).
        var granted = requested.IsEmpty ? permitted : [.. requested.Distinct(StringComparer.Ordinal)];
        return Results.SignIn(TokenPrincipals.ForClient(profile, granted), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> PersonAsync(HttpContext http)
    {
        // The principal OpenIddict restored from the authorization code or refresh token.
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var subject = result.Principal?.GetClaim(Claims.Subject);
        var user = subject is null ? null : await users.FindByNameAsync(subject);
        if (result.Principal is null || user is null || await users.IsLockedOutAsync(user))
        {
            return Refuse(Errors.InvalidGrant, "The sign-in is no longer valid.");
        }

        // Roles, name and branch are read again: a change since sign-in shows in the next token.
        var principal = TokenPrincipals.ForPerson(
            user,
            await users.GetRolesAsync(user),
            result.Principal.GetClaims(Claims.AuthenticationMethodReference),
            result.Principal.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
