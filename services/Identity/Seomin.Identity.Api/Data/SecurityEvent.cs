namespace Seomin.Identity.Api.Data;

/// <summary>
/// One line of the append-only security-event trail: sign-ins, failures, lockouts, sign-outs, client and key
/// administration. Never a password, a secret or a token. The database refuses updates and deletes (trigger).
/// </summary>
public sealed class SecurityEvent
{
    public long Id { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>What happened, e.g. <c>sign-in.succeeded</c> (<see cref="SecurityEventKinds"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>Who it concerns: the employee number typed or signed in, or the client id.</summary>
    public string? Subject { get; init; }

    /// <summary>Who did it (the administrator), when not the subject themself.</summary>
    public string? Actor { get; init; }

    public string? ClientId { get; init; }

    public string? RemoteAddress { get; init; }

    public string? Detail { get; init; }
}

public static class SecurityEventKinds
{
    public const string SignInSucceeded = "sign-in.succeeded";
    public const string SignInFailed = "sign-in.failed";
    public const string SignInRefusedLockedOut = "sign-in.refused-locked-out";
    public const string LockedOut = "sign-in.locked-out";
    public const string SecondFactorRequired = "sign-in.second-factor-required";
    public const string SecondFactorFailed = "sign-in.second-factor-failed";
    public const string AuthenticatorEnrolled = "authenticator.enrolled";
    public const string SignedOut = "sign-out";
    public const string TokenRevoked = "token.revoked";
    public const string ClientAuthenticationFailed = "client.authentication-failed";
    public const string ClientCreated = "client.created";
    public const string ClientSecretRotated = "client.secret-rotated";
    public const string ClientRevoked = "client.revoked";
    public const string ClientQuotasChanged = "client.quotas-changed";
    public const string SigningKeyRotated = "signing-key.rotated";
    public const string SigningKeyWithdrawn = "signing-key.withdrawn";
}
