using Microsoft.EntityFrameworkCore;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain;

namespace Seomin.Subrogation.Api.Features.Debtors;

/// <summary>
/// Records the debtor's identity on a claim: the RRN must belong to the guarantee's customer (its keyed HMAC is the
/// claim's <c>CustomerId</c>), so an officer cannot attach another person's number by mistake. The number is parsed
/// here and never echoed, logged or published.
/// </summary>
public sealed class DebtorRegistry(SubrogationDbContext db, IBlindIndex blindIndex, ICustomerIdFactory customerIds, IAuditTrail audit, TimeProvider clock)
{
    public static ResidentRegistrationNumber ParseRrn(string? value, string field) =>
        ResidentRegistrationNumber.TryParse(value, out var rrn)
            ? rrn
            : throw new DomainValidationException(field, $"{field} is not a valid resident registration number (YYMMDD-NNNNNNN).");

    /// <summary>Adds or replaces the identity on <paramref name="claimId"/>; the change is audited (values never in the audit).</summary>
    public async Task<DebtorIdentity> RecordAsync(Guid claimId, string customerId, ResidentRegistrationNumber rrn, string name, string actor, CancellationToken cancellationToken)
    {
        if (customerIds.Create(rrn).Value != customerId)
        {
            throw new SubrogationRuleException("DebtorMustBeTheGuaranteedCustomer", "The resident registration number does not belong to the guarantee's customer.");
        }

        var trimmed = string.IsNullOrWhiteSpace(name) ? throw new DomainValidationException("debtorName", "debtorName is required.") : name.Trim();
        var identity = await db.Debtors.SingleOrDefaultAsync(d => d.ClaimId == claimId, cancellationToken);
        var action = identity is null ? AuditAction.Create : AuditAction.Change;
        if (identity is null)
        {
            identity = new DebtorIdentity { ClaimId = claimId };
            db.Debtors.Add(identity);
        }

        identity.Rrn = rrn;
        identity.RrnBlindIndex = blindIndex.Compute(rrn);
        identity.Name = trimmed;
        identity.CustomerId = customerId;
        identity.RecordedBy = actor;
        identity.RecordedAt = clock.GetUtcNow();
        audit.Record(new AuditEntry(action, "DebtorIdentity", claimId.ToString())
        {
            Subject = new CustomerId(customerId),
            Changes = [new("rrn", null, AuditChanges.EncryptedValue), new("name", null, AuditChanges.EncryptedValue)],
        });
        return identity;
    }

    public string BlindIndexOf(ResidentRegistrationNumber rrn) => blindIndex.Compute(rrn);
}
