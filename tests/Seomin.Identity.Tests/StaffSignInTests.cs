using System.Net;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Identity;
using Seomin.Identity.Api.Data;
using Seomin.Testing;

namespace Seomin.Identity.Tests;

public sealed class StaffSignInTests(PlatformServers servers) : IAsyncLifetime
{
    private const string Password = "Seomin!Dev2026";
    private IdentityApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await IdentityApp.StartAsync(servers, "identity_staff");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CodeFlow_WhenAnOfficerSignsIn_TheAccessTokenNamesThePerson()
    {
        var flow = new StaffFlow(_app);

        var tokens = await flow.SignInForTokensAsync("S1001", Password);

        var jwt = Jwt.Read(tokens.AccessToken);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(IdentityApp.Issuer, jwt.Issuer);
        Assert.Equal("S1001", jwt.Subject);
        Assert.Equal("seomin-staff", jwt.GetClaim("client_id").Value);
        Assert.Equal("staff", jwt.GetClaim("client_type").Value);
        Assert.Equal(["guarantee-officer"], jwt.All("role"));
        Assert.Equal("김보증", jwt.GetClaim("name").Value);
        Assert.Equal("서울중앙지점", jwt.GetClaim("branch").Value);
        Assert.Equal(["pwd"], jwt.All("amr"));
        Assert.Equal(["gateway", "guarantee"], jwt.Audiences.Order());
        Assert.False(jwt.TryGetClaim("quota_per_second", out _));
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdToken);
        var validation = await _app.ValidateAsync(tokens.AccessToken, "guarantee");
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var events = await EventsOfAsync("S1001");
        Assert.Contains(SecurityEventKinds.SignInSucceeded, events);
    }

    [Fact]
    public async Task LoginPage_IsKoreanByDefault_AndEnglishWithLangOrUiLocales()
    {
        var flow = new StaffFlow(_app);

        var korean = await flow.Browser.GetStringAsync(await flow.LoginPageUrlAsync());
        var english = await flow.Browser.GetStringAsync("/account/login?lang=en");
        var fromUiLocales = await flow.Browser.GetStringAsync(await flow.LoginPageUrlAsync(flow.AuthorizeUrl(uiLocales: "en-US")));

        Assert.Contains("<html lang=\"ko\">", korean, StringComparison.Ordinal);
        Assert.Contains("사원번호", korean, StringComparison.Ordinal);
        Assert.Contains("비밀번호", korean, StringComparison.Ordinal);
        Assert.Contains(">로그인</button>", korean, StringComparison.Ordinal);
        Assert.Contains("?lang=en", korean, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", korean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", korean, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("Employee number", english, StringComparison.Ordinal);
        Assert.Contains("Employee number", fromUiLocales, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WhenPasswordWrongUserUnknownOrAccountLocked_AnswersAlike()
    {
        await LockAsync("S1003");
        var flow = new StaffFlow(_app);
        var login = await flow.LoginPageUrlAsync();

        var wrong = await flow.SubmitPasswordAsync(login, "S1002", "Wrong!Password1");
        var unknown = await flow.SubmitPasswordAsync(login, "S9999", "Wrong!Password1");
        var locked = await flow.SubmitPasswordAsync(login, "S1003", Password);

        var answers = new[] { wrong, unknown, locked };
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var texts = await Task.WhenAll(answers.Select(async a => StaffFlow.ErrorText(await a.Content.ReadAsStringAsync())));
        Assert.NotEmpty(texts[0]);
        Assert.All(texts, t => Assert.Equal(texts[0], t));
        Assert.Contains(SecurityEventKinds.SignInFailed, await EventsOfAsync("S9999"));
        Assert.Contains(SecurityEventKinds.SignInRefusedLockedOut, await EventsOfAsync("S1003"));
    }

    [Fact]
    public async Task SignIn_AfterFiveFailures_LocksTheAccountForFifteenMinutesAndAuditsIt()
    {
        await LockAsync("S1004");

        var flow = new StaffFlow(_app);
        var withRightPassword = await flow.SubmitPasswordAsync(await flow.LoginPageUrlAsync(), "S1004", Password);

        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        var events = await EventsOfAsync("S1004");
        Assert.Equal(4, events.Count(e => e == SecurityEventKinds.SignInFailed));
        Assert.Single(events, SecurityEventKinds.LockedOut);
        Assert.Equal(SecurityEventKinds.SignInRefusedLockedOut, events[^1]);
        var lockoutEnd = await _app.QueryAsync(db => db.Users.Where(u => u.UserName == "S1004").Select(u => u.LockoutEnd).SingleAsync());
        Assert.InRange(lockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var details = await _app.QueryAsync(db => db.SecurityEvents.Select(e => e.Detail ?? "").ToListAsync());
        Assert.DoesNotContain(details, d => d.Contains("Wrong!Password", StringComparison.Ordinal) || d.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Authorize_WhenPkceIsPlainOrMissing_IsRefused()
    {
        var flow = new StaffFlow(_app);

        var plain = await flow.Browser.GetAsync(flow.AuthorizeUrl(method: "plain"));
        var missing = await flow.Browser.GetAsync(flow.AuthorizeUrl().Replace("code_challenge=", "x=", StringComparison.Ordinal));

        foreach (var response in new[] { plain, missing })
        {
            var location = response.Headers.Location?.ToString() ?? "";
            Assert.DoesNotContain("/account/login", location, StringComparison.Ordinal);
            Assert.True(location.Contains("error=invalid_request", StringComparison.Ordinal) || response.StatusCode == HttpStatusCode.BadRequest, location);
        }
    }

    [Fact]
    public async Task Token_WhenTheCodeVerifierIsWrong_IsRefused()
    {
        var flow = new StaffFlow(_app);
        var code = await flow.SignInAsync("S1005", Password);

        var response = await flow.RedeemAsync(code, verifier: new StaffFlow(_app).Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_grant", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_RotatesTheRefreshToken_AndAUsedOneCannotBeUsedAgain()
    {
        var flow = new StaffFlow(_app);
        var first = await flow.SignInForTokensAsync("S1006", Password);

        var second = await StaffFlow.ReadTokensAsync(await flow.RefreshAsync(first.RefreshToken!));
        var reused = await flow.RefreshAsync(first.RefreshToken!);

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal("S1006", Jwt.Read(second.AccessToken).Subject);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("invalid_grant", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_WhenARefreshTokenIsRevoked_EveryRefreshTokenStopsAndServicesAreTold()
    {
        var flow = new StaffFlow(_app);
        var tokens = await flow.SignInForTokensAsync("S1008", Password);
        var other = await new StaffFlow(_app).SignInForTokensAsync("S1008", Password);

        var revoke = await _app.CreateClient().PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = StaffFlow.ClientId,
            ["token"] = tokens.RefreshToken!,
            ["token_type_hint"] = "refresh_token",
        }));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.RefreshAsync(other.RefreshToken!)).StatusCode);
        var notice = await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<AccessRevoked>().FirstOrDefault(r => r.Subject == "S1008")),
            r => r is not null,
            "AccessRevoked for S1008 on the bus");
        Assert.Null(notice!.TokenId);
        Assert.Null(notice.ClientId);
        Assert.InRange(notice.ExpiresAt - notice.RevokedAt, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(12));
    }

    [Fact]
    public async Task EndSession_SignsOutRevokesRefreshTokensAndListsTheRevocation()
    {
        var flow = new StaffFlow(_app);
        var tokens = await flow.SignInForTokensAsync("S1002", Password);

        var signOut = await flow.Browser.GetAsync("/connect/endsession");
        var again = await flow.Browser.GetAsync(flow.AuthorizeUrl());

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Contains("/account/signed-out", signOut.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("/account/login", again.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.RefreshAsync(tokens.RefreshToken!)).StatusCode);
        await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<AccessRevoked>().Any(r => r.Subject == "S1002" && r.Reason == "sign-out")),
            "AccessRevoked for S1002 (sign-out) on the bus");
        var active = await _app.CreateClient().GetStringAsync("/revocations/active");
        Assert.Contains("\"subject\":\"S1002\"", active, StringComparison.Ordinal);
        Assert.Contains(SecurityEventKinds.SignedOut, await EventsOfAsync("S1002"));
    }

    private async Task LockAsync(string employeeNumber)
    {
        var flow = new StaffFlow(_app);
        var login = await flow.LoginPageUrlAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await flow.SubmitPasswordAsync(login, employeeNumber, "Wrong!Password" + i)).StatusCode);
        }
    }

    private Task<List<string>> EventsOfAsync(string subject) =>
        _app.QueryAsync(db => db.SecurityEvents.Where(e => e.Subject == subject).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
}
