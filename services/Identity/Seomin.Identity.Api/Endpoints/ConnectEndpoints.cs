using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.People;
using Seomin.Identity.Api.Features.Revocation;
using Seomin.Identity.Api.Features.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Seomin.Identity.Api.Endpoints;

/// <summary>
/// The OAuth 2.0 / OpenID Connect endpoints OpenIddict passes through to this code after validating the request.
/// (Discovery, JWKS, revocation and introspection are answered by OpenIddict itself.) OAuth wire formats, not JSON
/// APIs: they are left out of the OpenAPI document and described by the discovery document.
/// </summary>
public static class ConnectEndpoints
{
    public static RouteGroupBuilder MapConnectEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/connect").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        group.MapPost("/token", ExchangeAsync).WithName("Token");
        group.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).WithName("Authorize");
        group.MapMethods("/endsession", [HttpMethods.Get, HttpMethods.Post], EndSessionAsync).WithName("EndSession");
        return group;
    }

    private static Task<IResult> ExchangeAsync(HttpContext http, TokenExchange exchange) => exchange.ExchangeAsync(http);

    /// <summary>
    /// Signed in (the sign-in cookie) with the factors the person's roles need: an authorization code; otherwise the
    /// sign-in page, or the authenticator enrolment for an administrator who has none yet.
    /// </summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserManager<StaffUser> users)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(
            http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList());
        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = cookie.Succeeded && cookie.Principal is not null ? await users.GetUserAsync(cookie.Principal) : null;
        if (user is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return TokenExchange.Refuse(Errors.LoginRequired, "The user is not signed in.");
            }

            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        if (await users.IsLockedOutAsync(user))
        {
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        var roles = await users.GetRolesAsync(user);
        var methods = AuthenticationMethodsOf(cookie.Principal!);
        if (StaffSignIn.MustUseSecondFactor(roles) && !methods.Contains(AuthenticationMethods.Mfa))
        {
            // An administrator signed in with a password only: no authenticator yet, enrol one first.
            return Results.Redirect(AccountPaths.Authenticator + QueryString.Create("returnUrl", returnUrl));
        }

        return Results.SignIn(
            TokenPrincipals.ForPerson(user, roles, methods, request.GetScopes()),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Signs the person out here and ends their sign-in everywhere: refresh tokens revoked, access tokens announced.</summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http, SignInManager<StaffUser> signIn, UserManager<StaffUser> users, AccessRevocation revocation)
    {
        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = cookie.Succeeded && cookie.Principal is not null ? await users.GetUserAsync(cookie.Principal) : null;
        // Without the cookie (a CLI), the id_token_hint OpenIddict validated names the person.
        var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var subject = user?.UserName ?? hint.Principal?.GetClaim(Claims.Subject);
        await signIn.SignOutAsync();
        if (subject is not null)
        {
            await revocation.RevokeSubjectAsync(subject, "sign-out", subject, http.RequestAborted);
        }

        return Results.SignOut(new AuthenticationProperties { RedirectUri = AccountPaths.SignedOut }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>Identity's cookie says <c>pwd</c> (password) or <c>mfa</c> (password and authenticator code).</summary>
    private static List<string> AuthenticationMethodsOf(ClaimsPrincipal cookie)
    {
        var amr = cookie.FindAll("amr").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return amr.Contains(AuthenticationMethods.Mfa)
            ? [AuthenticationMethods.Password, AuthenticationMethods.Otp, AuthenticationMethods.Mfa]
            : [AuthenticationMethods.Password];
    }
}
