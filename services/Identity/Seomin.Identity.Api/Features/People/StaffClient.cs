using OpenIddict.Abstractions;
using Seomin.Access;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Seomin.Identity.Api.Features.People;

/// <summary>
/// <c>seomin-staff</c>, the public client people sign in with (authorization code + PKCE S256): the browser page
/// <c>/account/callback</c> and a CLI's loopback listener. Registered (and kept up to date) in every environment.
/// </summary>
public static class StaffClient
{
    public const string ClientId = "seomin-staff";

    public static async Task RegisterAsync(IOpenIddictApplicationManager manager, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var issuer = configuration.GetSection(TokenServiceOptions.SectionName).Get<TokenServiceOptions>()?.Issuer ?? new TokenServiceOptions().Issuer;
        var redirects = configuration.GetSection("Identity:StaffClient:RedirectUris").Get<string[]>()
            ?? [new Uri(issuer, AccountPaths.Callback.TrimStart('/')).ToString(), "http://127.0.0.1:8765/callback"];
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientType = OpenIddictConstants.ClientTypes.Public,
            ApplicationType = ApplicationTypes.Native,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Seomin staff sign-in",
        };
        descriptor.RedirectUris.UnionWith(redirects.Select(r => new Uri(r)));
        descriptor.PostLogoutRedirectUris.Add(new Uri(issuer, AccountPaths.SignedOut.TrimStart('/')));
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.EndSession,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code,
            Permissions.Scopes.Profile,
        ]);
        descriptor.Permissions.UnionWith(ApiScopes.All.Select(s => Permissions.Prefixes.Scope + s));
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);

        var existing = await manager.FindByClientIdAsync(ClientId, cancellationToken);
        if (existing is null)
        {
            await manager.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await manager.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }
}

public static class AccountPaths
{
    public const string Login = "/account/login";
    public const string Otp = "/account/login/otp";
    public const string Authenticator = "/account/authenticator";
    public const string Callback = "/account/callback";
    public const string SignedOut = "/account/signed-out";
}
