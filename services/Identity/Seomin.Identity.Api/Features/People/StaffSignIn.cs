using Microsoft.AspNetCore.Identity;
using Seomin.Access;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.Audit;

namespace Seomin.Identity.Api.Features.People;

public enum SignInOutcome
{
    Succeeded,
    SecondFactorRequired,

    /// <summary>Wrong password, unknown employee number or locked account: the caller cannot tell which.</summary>
    Refused,
}

/// <summary>
/// The password and second-factor steps of a staff sign-in (ASP.NET Core Identity: lockout after 5 failures for
/// 15 minutes), each attempt audited without the password.
/// </summary>
public sealed class StaffSignIn(
    UserManager<StaffUser> users,
    SignInManager<StaffUser> signIn,
    IPasswordHasher<StaffUser> hasher,
    SecurityAudit audit)
{
    // Spent on an unknown employee number, so that it takes as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<StaffUser>().HashPassword(new StaffUser(), Guid.NewGuid().ToString()));

    public async Task<SignInOutcome> PasswordAsync(string employeeNumber, string password)
    {
        var user = employeeNumber.Length is > 0 and <= 50 ? await users.FindByNameAsync(employeeNumber) : null;
        if (user is null)
        {
            hasher.VerifyHashedPassword(new StaffUser(), DummyHash.Value, password);
            await audit.RecordNowAsync(SecurityEventKinds.SignInFailed, employeeNumber, detail: "unknown employee number");
            return SignInOutcome.Refused;
        }

        var wasLockedOut = await users.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.RecordNowAsync(SecurityEventKinds.SignInSucceeded, user.UserName, detail: "password");
            return SignInOutcome.Succeeded;
        }

        if (result.RequiresTwoFactor)
        {
            await audit.RecordNowAsync(SecurityEventKinds.SecondFactorRequired, user.UserName);
            return SignInOutcome.SecondFactorRequired;
        }

        if (result.IsLockedOut)
        {
            await audit.RecordNowAsync(
                wasLockedOut ? SecurityEventKinds.SignInRefusedLockedOut : SecurityEventKinds.LockedOut,
                user.UserName,
                detail: wasLockedOut ? "account locked" : "too many failures: locked for 15 minutes");
            return SignInOutcome.Refused;
        }

        await audit.RecordNowAsync(SecurityEventKinds.SignInFailed, user.UserName, detail: "wrong password");
        return SignInOutcome.Refused;
    }

    /// <summary>The 6-digit authenticator code after the password (the two-factor cookie names the user).</summary>
    public async Task<SignInOutcome> SecondFactorAsync(string code)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return SignInOutcome.Refused;
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Normalize(code), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await audit.RecordNowAsync(SecurityEventKinds.SignInSucceeded, user.UserName, detail: "password and authenticator code");
            return SignInOutcome.Succeeded;
        }

        await audit.RecordNowAsync(result.IsLockedOut ? SecurityEventKinds.LockedOut : SecurityEventKinds.SecondFactorFailed, user.UserName);
        return SignInOutcome.Refused;
    }

    /// <summary>An administrator without an authenticator: the key to enrol (created once, shown until enrolled).</summary>
    public async Task<string> AuthenticatorKeyAsync(StaffUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        return key ?? throw new InvalidOperationException("No authenticator key could be created.");
    }

    /// <summary>Enrols the authenticator when <paramref name="code"/> proves the key was set up; signs in again with the second factor.</summary>
    public async Task<bool> EnrolAsync(StaffUser user, string code)
    {
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(code));
        if (!valid)
        {
            await audit.RecordNowAsync(SecurityEventKinds.SecondFactorFailed, user.UserName, detail: "enrolment");
            return false;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim(SeominClaims.AuthenticationMethods, AuthenticationMethods.Mfa)]);
        await audit.RecordNowAsync(SecurityEventKinds.AuthenticatorEnrolled, user.UserName);
        return true;
    }

    public static bool MustUseSecondFactor(IEnumerable<string> roles) => roles.Contains(StaffRoles.Administrator, StringComparer.Ordinal);

    private static string Normalize(string code) => code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
