using Seomin.PersonalData;

namespace Seomin.IdentityVerification;

/// <summary>
/// The boundary to the identity-verification providers (본인확인기관: 휴대폰 본인확인, PASS, 공동인증서). The customer
/// verifies with the provider in the agency's app or a partner's app; the app hands the provider's verification id to
/// the service, which confirms it here and learns who was verified. The providers are outside the platform: the only
/// implementation on this machine is <see cref="FakeIdentityVerificationProvider"/>.
/// </summary>
public interface IIdentityVerificationPort
{
    /// <summary>Confirms a verification id with the provider: the verified person, or why it cannot be used.</summary>
    Task<IdentityVerificationResult> ConfirmAsync(string verificationId, CancellationToken cancellationToken);
}

/// <summary>The person a provider verified. <see cref="VerificationId"/> is single-use: a service records the ones it accepted.</summary>
public sealed record VerifiedPerson(string VerificationId, string Name, ResidentRegistrationNumber Rrn, DateTimeOffset VerifiedAt);

/// <summary>Why a verification id was not accepted (a stable code for Problem Details).</summary>
public enum IdentityVerificationFailure
{
    /// <summary>Malformed, or not issued by the provider.</summary>
    Invalid,

    /// <summary>Issued too long ago (providers' transactions are short-lived).</summary>
    Expired,
}

/// <summary>Either a verified person or a failure.</summary>
public sealed record IdentityVerificationResult(VerifiedPerson? Person, IdentityVerificationFailure? Failure)
{
    public bool Succeeded => Person is not null;

    public static IdentityVerificationResult Verified(VerifiedPerson person) => new(person, null);

    public static IdentityVerificationResult Failed(IdentityVerificationFailure failure) => new(null, failure);

    /// <summary>The Problem Details <c>errorCode</c> for a failure.</summary>
    public string? ErrorCode => Failure switch
    {
        IdentityVerificationFailure.Invalid => "identity_verification_invalid",
        IdentityVerificationFailure.Expired => "identity_verification_expired",
        _ => null,
    };
}
