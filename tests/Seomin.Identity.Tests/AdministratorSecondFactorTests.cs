using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.People;
using Seomin.Testing;

namespace Seomin.Identity.Tests;

public sealed class AdministratorSecondFactorTests(PlatformServers servers) : IAsyncLifetime
{
    private const string Password = DevelopmentUsers.Password;
    private IdentityApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await IdentityApp.StartAsync(servers, "identity_totp");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SignIn_WhenAdministratorGivesTheAuthenticatorCode_TheTokenShowsTheSecondFactor()
    {
        var flow = new StaffFlow(_app);

        var tokens = await flow.SignInForTokensAsync("S1007", Password, DevelopmentUsers.AdministratorAuthenticatorKey);

        var jwt = Jwt.Read(tokens.AccessToken);
        Assert.Equal("S1007", jwt.Subject);
        Assert.Equal(["administrator"], jwt.All("role"));
        Assert.Equal(["mfa", "otp", "pwd"], jwt.All("amr").Order());
    }

    [Fact]
    public async Task SignIn_WhenAdministratorGivesOnlyThePassword_NoCodeIsIssued()
    {
        var flow = new StaffFlow(_app);
        var afterPassword = await flow.SubmitPasswordAsync(await flow.LoginPageUrlAsync(), "S1007", Password);
        var otpPage = afterPassword.Headers.Location!.ToString();

        var wrongCode = await flow.SubmitAsync(otpPage, "/account/login/otp", new() { ["code"] = WrongCode() });
        var authorize = await flow.Browser.GetAsync(flow.AuthorizeUrl());

        Assert.StartsWith("/account/login/otp", otpPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, wrongCode.StatusCode);
        Assert.NotEmpty(StaffFlow.ErrorText(await wrongCode.Content.ReadAsStringAsync()));
        Assert.Contains("/account/login", authorize.Headers.Location!.ToString(), StringComparison.Ordinal);
        var events = await _app.QueryAsync(db => db.SecurityEvents.Where(e => e.Subject == "S1007").Select(e => e.Kind).ToListAsync());
        Assert.Contains(SecurityEventKinds.SecondFactorRequired, events);
        Assert.Contains(SecurityEventKinds.SecondFactorFailed, events);
    }

    [Fact]
    public async Task SignIn_WhenAnAdministratorHasNoAuthenticator_MustEnrolOneBeforeAnyCode()
    {
        await CreateAdministratorAsync("S2001");
        var flow = new StaffFlow(_app);
        var afterPassword = await flow.SubmitPasswordAsync(await flow.LoginPageUrlAsync(), "S2001", Password);
        var authorize = await flow.Browser.GetAsync(afterPassword.Headers.Location!.ToString());
        var enrolPage = authorize.Headers.Location!.ToString();
        var html = await flow.Browser.GetStringAsync(enrolPage);
        var key = System.Text.RegularExpressions.Regex.Match(html, "<code id=\"authenticatorKey\">([A-Z2-7]+)</code>").Groups[1].Value;

        var wrong = await flow.SubmitAsync(enrolPage, "/account/authenticator", new() { ["code"] = WrongCode(key) });
        var enrolled = await flow.SubmitAsync(enrolPage, "/account/authenticator", new() { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        var code = await flow.FollowToCodeAsync(enrolled.Headers.Location!.ToString());
        var tokens = await StaffFlow.ReadTokensAsync(await flow.RedeemAsync(code));

        Assert.StartsWith("/account/authenticator", enrolPage, StringComparison.Ordinal);
        Assert.Equal(32, key.Length);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        Assert.Contains("mfa", Jwt.Read(tokens.AccessToken).All("amr"));
        var user = await _app.QueryAsync(db => db.Users.SingleAsync(u => u.UserName == "S2001"));
        Assert.True(user.TwoFactorEnabled);
    }

    private async Task CreateAdministratorAsync(string employeeNumber)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = employeeNumber, DisplayName = "신관리", Branch = "정보보호팀" };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, "administrator")).Succeeded);
    }

    // A code that is not valid at any time step ASP.NET Identity accepts around now.
    private static string WrongCode(string key = DevelopmentUsers.AdministratorAuthenticatorKey)
    {
        var now = DateTimeOffset.UtcNow;
        var valid = Enumerable.Range(-3, 7).Select(step => Totp.Code(key, now.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
    }
}
