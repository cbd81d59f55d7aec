using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Seomin.PersonalData;

namespace Seomin.IdentityVerification;

/// <summary>Settings of the fake provider. <see cref="SigningKey"/> is shared by whoever plays the provider (tests, the dev endpoint).</summary>
public sealed class FakeIdentityVerificationOptions
{
    public const string Section = "IdentityVerification:Fake";

    /// <summary>Base64 key (≥ 32 bytes) the fake provider signs verification ids with.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long a verification id can be confirmed after it was issued (providers allow minutes).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// FAKE identity-verification provider: the real 본인확인기관 cannot be reached from this platform. A verification id is
/// a self-contained, HMAC-signed record of the person the "provider" verified, so a test, a dev tool and the service
/// agree on it without shared state: <see cref="Issue"/> plays the provider's side, <see cref="ConfirmAsync"/> the
/// service's call to it. Never registered outside Development and tests (see <see cref="IdentityVerificationServiceCollectionExtensions"/>).
/// </summary>
public sealed class FakeIdentityVerificationProvider(IOptions<FakeIdentityVerificationOptions> options, TimeProvider time) : IIdentityVerificationPort
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Plays the provider: the verification id the app would receive after the person verified.</summary>
    public string Issue(string name, string rrn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!ResidentRegistrationNumber.TryParse(rrn, out _))
        {
            throw new ArgumentException("Not a valid resident registration number.", nameof(rrn));
        }

        var claims = new Claims(Guid.NewGuid().ToString("N"), name.Trim(), rrn.Trim(), time.GetUtcNow().ToUnixTimeSeconds());
        var payload = JsonSerializer.SerializeToUtf8Bytes(claims, Json);
        return $"{Base64Url(payload)}.{Base64Url(Sign(payload))}";
    }

    public Task<IdentityVerificationResult> ConfirmAsync(string verificationId, CancellationToken cancellationToken)
    {
        var parts = (verificationId ?? "").Split('.');
        if (parts.Length != 2 || !TryDecode(parts[0], out var payload) || !TryDecode(parts[1], out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, Sign(payload)))
        {
            return Task.FromResult(IdentityVerificationResult.Failed(IdentityVerificationFailure.Invalid));
        }

        var claims = JsonSerializer.Deserialize<Claims>(payload, Json);
        if (claims is null || !ResidentRegistrationNumber.TryParse(claims.Rrn, out var rrn) || string.IsNullOrWhiteSpace(claims.Name))
        {
            return Task.FromResult(IdentityVerificationResult.Failed(IdentityVerificationFailure.Invalid));
        }

        var verifiedAt = DateTimeOffset.FromUnixTimeSeconds(claims.Iat);
        if (time.GetUtcNow() - verifiedAt > options.Value.Lifetime)
        {
            return Task.FromResult(IdentityVerificationResult.Failed(IdentityVerificationFailure.Expired));
        }

        return Task.FromResult(IdentityVerificationResult.Verified(new VerifiedPerson(claims.Id, claims.Name, rrn, verifiedAt)));
    }

    private byte[] Sign(byte[] payload)
    {
        var key = options.Value.SigningKey;
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidOperationException($"{FakeIdentityVerificationOptions.Section}:SigningKey is not configured.");
        }

        return HMACSHA256.HashData(Convert.FromBase64String(key), payload);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        bytes = new byte[s.Length];
        return Convert.TryFromBase64String(s, bytes, out var written) && (bytes = bytes[..written]).Length > 0;
    }

    private sealed record Claims(string Id, string Name, string Rrn, long Iat);
}
