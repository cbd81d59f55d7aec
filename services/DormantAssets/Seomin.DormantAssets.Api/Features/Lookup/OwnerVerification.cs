using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Domain;
using Seomin.IdentityVerification;
using Seomin.PersonalData;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api.Features.Lookup;

/// <summary>The person an identity-verification provider confirmed, with their platform-wide CustomerId.</summary>
public sealed record VerifiedOwner(string VerificationId, string Name, ResidentRegistrationNumber Rrn, CustomerId CustomerId);

/// <summary>
/// Confirms a verification id with the provider (본인확인) and records it as used: a verification id opens one lookup
/// or one claim, never two. The record commits with the caller's SaveChanges, and its primary key is the single-use
/// check: a second use fails that insert (also when two requests race), which <see cref="DormantAssetsDbContext"/>
/// turns into <see cref="VerificationAlreadyUsed"/> and rolls the whole request back — no read before the insert, one
/// database round trip less per lookup.
/// </summary>
public sealed class OwnerVerification(DormantAssetsDbContext db, IIdentityVerificationPort provider, ICustomerIdFactory customerIds, TimeProvider clock)
{
    public const string VerificationAlreadyUsed = "VerificationAlreadyUsed";

    public async Task<VerifiedOwner> ConfirmAsync(string? verificationId, string purpose, string? partnerCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(verificationId))
        {
            throw new DomainValidationException("verificationId", "verificationId is required.");
        }

        var result = await provider.ConfirmAsync(verificationId.Trim(), cancellationToken);
        if (result.Person is not { } person)
        {
            throw new DormantRuleException(result.ErrorCode ?? "identity_verification_invalid", "The identity verification was not accepted.");
        }

        var customerId = customerIds.Create(person.Rrn);
        db.VerificationUses.Add(new VerificationUse
        {
            VerificationId = person.VerificationId, CustomerId = customerId.Value, Purpose = purpose, PartnerCode = partnerCode, UsedAt = clock.GetUtcNow(),
        });
        return new VerifiedOwner(person.VerificationId, person.Name, person.Rrn, customerId);
    }
}
