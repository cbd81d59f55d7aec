using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain;
using Seomin.BusinessTime;

namespace Seomin.Subrogation.Api.Features.Certificates;

/// <summary>
/// Issues a debt-balance certificate: the balance (principal, late charge, costs) as of a day, computed on an untracked
/// copy of the claim so issuing never moves the claim's own accrual, stored under an unguessable number.
/// </summary>
public sealed class CertificateIssuer(SubrogationDbContext db, IAuditTrail audit, TimeProvider clock)
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<BalanceCertificate> IssueAsync(Guid recourseId, DateOnly? asOf, string actor, CancellationToken cancellationToken)
    {
        var recourse = await db.RecourseClaims.AsNoTracking().SingleOrDefaultAsync(r => r.Id == recourseId, cancellationToken)
            ?? throw new NotFoundException($"Recourse claim {recourseId} does not exist.");
        var identity = await db.Debtors.AsNoTracking().SingleOrDefaultAsync(d => d.ClaimId == recourse.ClaimId, cancellationToken)
            ?? throw new SubrogationRuleException("DebtorIdentityMustBeRecorded", "A certificate names its debtor: record the debtor's identity first.");
        var now = clock.GetUtcNow();
        var on = asOf ?? BusinessClock.SeoulDate(now);
        if (on < recourse.AccruedThrough)
        {
            throw new DomainValidationException("asOf", $"The balance is known from {recourse.AccruedThrough:yyyy-MM-dd}; ask for that day or later.");
        }

        var balance = recourse.BalanceOn(on);
        var certificate = new BalanceCertificate
        {
            Number = $"DBC-{BusinessClock.SeoulDate(now):yyyyMMdd}-{RandomNumberGenerator.GetString(Alphabet, 10)}",
            RecourseId = recourse.Id, CustomerId = recourse.CustomerId, DebtorNameMasked = Masking.Name(identity.Name), DebtorRrnMasked = identity.Rrn.Masked,
            AsOf = on, Principal = balance.Principal, LateCharge = balance.LateCharge, Costs = balance.Costs, Total = balance.Total,
            IssuedBy = actor, IssuedAt = now,
        };
        db.Certificates.Add(certificate);
        audit.Record(new AuditEntry(AuditAction.Create, "BalanceCertificate", certificate.Number)
        {
            Subject = new CustomerId(recourse.CustomerId),
            Changes = [new("recourseId", null, recourse.Id.ToString()), new("total", null, balance.Total.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
        await db.SaveChangesAsync(cancellationToken);
        return certificate;
    }
}
