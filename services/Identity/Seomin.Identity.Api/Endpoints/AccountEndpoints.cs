using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.People;

namespace Seomin.Identity.Api.Endpoints;

/// <summary>
/// The staff sign-in pages (Korean by default, <c>?lang=en</c> or <c>ui_locales=en</c> for English): password, second
/// factor, authenticator enrolment, the callback page that shows the code, and the signed-out page. HTML, antiforgery
/// on every form; left out of the OpenAPI document.
/// </summary>
public static class AccountEndpoints
{
    private const string HtmlType = "text/html; charset=utf-8";
    private const string DefaultReturnUrl = AccountPaths.SignedOut;

    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/login", LoginPage).WithName("LoginPage");
        group.MapPost("/login", LoginAsync).WithName("Login");
        group.MapGet("/login/otp", OtpPage).WithName("OtpPage");
        group.MapPost("/login/otp", OtpAsync).WithName("Otp");
        group.MapGet("/authenticator", EnrolPageAsync).WithName("AuthenticatorPage");
        group.MapPost("/authenticator", EnrolAsync).WithName("Authenticator");
        group.MapGet("/callback", Callback).WithName("Callback");
        group.MapGet("/signed-out", SignedOut).WithName("SignedOut");
        return group;
    }

    private static ContentHttpResult LoginPage(HttpContext http, IAntiforgery antiforgery, [FromQuery] string? returnUrl, [FromQuery] string? lang)
    {
        var target = SafeReturnUrl(returnUrl);
        var texts = PageTexts.For(lang, target);
        return Html(SignInPages.Login(texts, antiforgery.GetAndStoreTokens(http), target, refused: false, ""));
    }

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> LoginAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        StaffSignIn signIn,
        [FromForm] string? employeeNumber,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        [FromForm] string? lang)
    {
        var target = SafeReturnUrl(returnUrl);
        var number = (employeeNumber ?? "").Trim();
        var outcome = await signIn.PasswordAsync(number, password ?? "");
        return outcome switch
        {
            SignInOutcome.Succeeded => TypedResults.Redirect(target),
            SignInOutcome.SecondFactorRequired => TypedResults.Redirect(AccountPaths.Otp + QueryString.Create([new KeyValuePair<string, string?>("returnUrl", target), new KeyValuePair<string, string?>("lang", lang)])),
            // The same page, text and status whether the password was wrong, the number unknown or the account locked.
            _ => Html(SignInPages.Login(PageTexts.For(lang, target), antiforgery.GetAndStoreTokens(http), target, refused: true, number)),
        };
    }

    private static ContentHttpResult OtpPage(HttpContext http, IAntiforgery antiforgery, [FromQuery] string? returnUrl, [FromQuery] string? lang)
    {
        var target = SafeReturnUrl(returnUrl);
        return Html(SignInPages.Otp(PageTexts.For(lang, target), antiforgery.GetAndStoreTokens(http), target, refused: false));
    }

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> OtpAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        StaffSignIn signIn,
        [FromForm] string? code,
        [FromForm] string? returnUrl,
        [FromForm] string? lang)
    {
        var target = SafeReturnUrl(returnUrl);
        return await signIn.SecondFactorAsync(code ?? "") == SignInOutcome.Succeeded
            ? TypedResults.Redirect(target)
            : Html(SignInPages.Otp(PageTexts.For(lang, target), antiforgery.GetAndStoreTokens(http), target, refused: true));
    }

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> EnrolPageAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        UserManager<StaffUser> users,
        StaffSignIn signIn,
        [FromQuery] string? returnUrl,
        [FromQuery] string? lang)
    {
        var target = SafeReturnUrl(returnUrl);
        var user = await users.GetUserAsync(http.User);
        if (user is null)
        {
            return TypedResults.Redirect(AccountPaths.Login + QueryString.Create("returnUrl", target));
        }

        var key = await signIn.AuthenticatorKeyAsync(user);
        return Html(SignInPages.Enrol(PageTexts.For(lang, target), antiforgery.GetAndStoreTokens(http), target, key, OtpAuthUri(user, key), refused: false));
    }

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> EnrolAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        UserManager<StaffUser> users,
        StaffSignIn signIn,
        [FromForm] string? code,
        [FromForm] string? returnUrl,
        [FromForm] string? lang)
    {
        var target = SafeReturnUrl(returnUrl);
        var user = await users.GetUserAsync(http.User);
        if (user is null)
        {
            return TypedResults.Redirect(AccountPaths.Login + QueryString.Create("returnUrl", target));
        }

        if (await signIn.EnrolAsync(user, code ?? ""))
        {
            return TypedResults.Redirect(target);
        }

        var key = await signIn.AuthenticatorKeyAsync(user);
        return Html(SignInPages.Enrol(PageTexts.For(lang, target), antiforgery.GetAndStoreTokens(http), target, key, OtpAuthUri(user, key), refused: true));
    }

    private static ContentHttpResult Callback([FromQuery] string? code, [FromQuery] string? error, [FromQuery] string? lang) =>
        Html(SignInPages.Callback(PageTexts.For(lang, null), code, error));

    private static ContentHttpResult SignedOut([FromQuery] string? lang) => Html(SignInPages.SignedOut(PageTexts.For(lang, null)));

    // The sign-in cookie's ReturnUrl comes from the query string: only a path on this site (never //host or a scheme).
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 1 and <= 4000 } url && url[0] == '/' && url[1] is not ('/' or '\\') ? url : DefaultReturnUrl;

    private static string OtpAuthUri(StaffUser user, string key) =>
        $"otpauth://totp/Seomin:{Uri.EscapeDataString(user.UserName ?? "")}?secret={key}&issuer=Seomin&digits=6";

    private static ContentHttpResult Html(string body) => TypedResults.Content(body, HtmlType);
}
