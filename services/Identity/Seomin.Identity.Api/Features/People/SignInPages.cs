using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;

namespace Seomin.Identity.Api.Features.People;

/// <summary>Korean (default) or English texts of the sign-in pages.</summary>
public sealed record PageTexts(
    string Lang,
    string Title,
    string EmployeeNumber,
    string Password,
    string SignIn,
    string Refused,
    string OtpTitle,
    string OtpCode,
    string OtpHint,
    string Verify,
    string OtpRefused,
    string EnrolTitle,
    string EnrolHint,
    string CallbackTitle,
    string CallbackHint,
    string CallbackError,
    string SignedOut,
    string Switch,
    string SwitchLang)
{
    public static readonly PageTexts Korean = new(
        "ko", "서민금융 직원 로그인", "사원번호", "비밀번호", "로그인",
        "로그인할 수 없습니다. 사원번호와 비밀번호를 확인하세요. 여러 번 실패하면 잠시 후 다시 시도하거나 관리자에게 문의하세요.",
        "2단계 인증", "인증 코드", "인증 앱에 표시된 6자리 코드를 입력하세요.", "확인", "인증 코드가 올바르지 않습니다.",
        "인증 앱 등록", "관리자는 2단계 인증이 필요합니다. 아래 키를 인증 앱에 등록한 뒤 표시된 6자리 코드를 입력하세요.",
        "로그인 완료", "로그인이 끝났습니다. 아래 코드를 명령줄 도구에 붙여 넣으세요.", "로그인이 완료되지 않았습니다.",
        "로그아웃되었습니다.", "English", "en");

    public static readonly PageTexts English = new(
        "en", "Seomin staff sign-in", "Employee number", "Password", "Sign in",
        "Sign-in failed. Check your employee number and password. After repeated failures, wait and try again or contact an administrator.",
        "Second factor", "Authentication code", "Enter the 6-digit code shown by your authenticator app.", "Verify", "The code is not valid.",
        "Set up your authenticator", "Administrators need a second factor. Add the key below to an authenticator app, then enter the 6-digit code it shows.",
        "Signed in", "Sign-in finished. Paste the code below into your command-line tool.", "Sign-in did not finish.",
        "You are signed out.", "한국어", "ko");

    /// <summary>English for <c>?lang=en</c>, or for an authorization request asking <c>ui_locales=en</c>; Korean otherwise.</summary>
    public static PageTexts For(string? lang, string? returnUrl)
    {
        if (!string.IsNullOrEmpty(lang))
        {
            return lang.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Korean;
        }

        var query = returnUrl?.IndexOf('?', StringComparison.Ordinal) is int i and >= 0 ? QueryHelpers.ParseQuery(returnUrl[i..]) : null;
        var locales = query is not null && query.TryGetValue("ui_locales", out var values) ? values.ToString() : "";
        return locales.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true
            ? English
            : Korean;
    }
}

/// <summary>Plain server-rendered pages: no script, no external assets, every value HTML-encoded.</summary>
public static class SignInPages
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string Login(PageTexts t, AntiforgeryTokenSet antiforgery, string returnUrl, bool refused, string employeeNumber) =>
        Page(t, t.Title, returnUrl, AccountPaths.Login, $"""
            {(refused ? $"<p class=\"error\" role=\"alert\">{E(t.Refused)}</p>" : "")}
            <form method="post" action="{AccountPaths.Login}">
              {Hidden(antiforgery, returnUrl, t)}
              <label for="employeeNumber">{E(t.EmployeeNumber)}</label>
              <input id="employeeNumber" name="employeeNumber" autocomplete="username" required maxlength="50" value="{E(employeeNumber)}">
              <label for="password">{E(t.Password)}</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
              <button type="submit">{E(t.SignIn)}</button>
            </form>
            """);

    public static string Otp(PageTexts t, AntiforgeryTokenSet antiforgery, string returnUrl, bool refused) =>
        Page(t, t.OtpTitle, returnUrl, AccountPaths.Otp, $"""
            <p>{E(t.OtpHint)}</p>
            {(refused ? $"<p class=\"error\" role=\"alert\">{E(t.OtpRefused)}</p>" : "")}
            <form method="post" action="{AccountPaths.Otp}">
              {Hidden(antiforgery, returnUrl, t)}
              <label for="code">{E(t.OtpCode)}</label>
              <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="8">
              <button type="submit">{E(t.Verify)}</button>
            </form>
            """);

    public static string Enrol(PageTexts t, AntiforgeryTokenSet antiforgery, string returnUrl, string key, string uri, bool refused) =>
        Page(t, t.EnrolTitle, returnUrl, AccountPaths.Authenticator, $"""
            <p>{E(t.EnrolHint)}</p>
            <p><code id="authenticatorKey">{E(key)}</code></p>
            <p><code id="authenticatorUri">{E(uri)}</code></p>
            {(refused ? $"<p class=\"error\" role=\"alert\">{E(t.OtpRefused)}</p>" : "")}
            <form method="post" action="{AccountPaths.Authenticator}">
              {Hidden(antiforgery, returnUrl, t)}
              <label for="code">{E(t.OtpCode)}</label>
              <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="8">
              <button type="submit">{E(t.Verify)}</button>
            </form>
            """);

    public static string Callback(PageTexts t, string? code, string? error) =>
        Page(t, t.CallbackTitle, "", AccountPaths.Callback, code is { Length: > 0 } && error is null
            ? $"""<p>{E(t.CallbackHint)}</p><p><code id="code">{E(code)}</code></p>"""
            : $"""<p class="error" role="alert">{E(t.CallbackError)} {E(error ?? "")}</p>""");

    public static string SignedOut(PageTexts t) => Page(t, t.SignedOut, "", AccountPaths.SignedOut, "");

    private static string Hidden(AntiforgeryTokenSet antiforgery, string returnUrl, PageTexts t) =>
        $"""
        <input type="hidden" name="{E(antiforgery.FormFieldName)}" value="{E(antiforgery.RequestToken ?? "")}">
        <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
        <input type="hidden" name="lang" value="{t.Lang}">
        """;

    private static string Page(PageTexts t, string title, string returnUrl, string path, string body)
    {
        var switchUrl = path + "?lang=" + t.SwitchLang + (returnUrl.Length > 0 ? "&returnUrl=" + Uri.EscapeDataString(returnUrl) : "");
        return $"""
            <!DOCTYPE html>
            <html lang="{t.Lang}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title>
            <style>
            body {"{"} font-family: system-ui, "Noto Sans KR", "NanumGothic", sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1b; {"}"}
            label, input, button {"{"} display: block; width: 100%; box-sizing: border-box; {"}"}
            input {"{"} margin: .25rem 0 1rem; padding: .6rem; font-size: 1rem; {"}"}
            button {"{"} padding: .7rem; font-size: 1rem; background: #004b8d; color: #fff; border: 0; border-radius: 4px; {"}"}
            .error {"{"} color: #a40000; {"}"}
            code {"{"} word-break: break-all; font-size: 1.05rem; {"}"}
            nav {"{"} text-align: right; {"}"}
            </style>
            </head>
            <body>
            <nav><a href="{E(switchUrl)}" hreflang="{t.SwitchLang}">{E(t.Switch)}</a></nav>
            <h1>{E(title)}</h1>
            {body}
            </body>
            </html>
            """;
    }

    private static string E(string value) => Html.Encode(value);
}
