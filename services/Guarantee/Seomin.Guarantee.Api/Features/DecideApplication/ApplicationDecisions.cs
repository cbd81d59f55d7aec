using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Domain.Screening;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;

namespace Seomin.Guarantee.Api.Features.DecideApplication;

/// <summary>심사 결정: staff decide applications that screening referred; every decision is audited.</summary>
public sealed class ApplicationDecisions(
    GuaranteeDbContext db, GuaranteeApprover approver, GuaranteeEvents events, IAuditTrail audit, BusinessClock clock)
{
    /// <summary>Staff approve a referred application, possibly for less; capacity is checked again at decision time.</summary>
    public async Task<ApplicationView> ApproveAsync(Guid id, ApproveApplicationRequest request, string decidedBy, CancellationToken ct)
    {
        await EnsureNotOwnRequestAsync(id, decidedBy, "approve", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var customerId = await db.Applications.AsNoTracking().Where(a => a.Id == id).Select(a => a.CustomerId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Application {id} does not exist.");
        await ExposureQueries.LockCustomerAsync(db, customerId, ct);
        var (application, rrn) = await LoadAsync(db, id, ct);
        var product = await db.ProductVersions.AsNoTracking()
            .SingleAsync(v => v.Code == application.ProductCode && v.Version == application.ProductVersion, ct);
        application.Approve(request.Amount, decidedBy, request.Note, clock.Now);
        await approver.EnsureCapacityAsync(product, request.Amount, ct);
        await approver.CreateAsync(application, product, application.FeePaymentPlan, ct);
        events.Decided(application);
        RecordDecision(application);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (CapacityLedger.IsRefusal(ex))
        {
            // A concurrent approval took the room between the check above and this insert.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            throw await approver.CapacityRefusalAsync(product, request.Amount, ct);
        }

        await tx.CommitAsync(ct);
        return ApplicationView.From(application, rrn.Masked);
    }

    /// <summary>Staff reject a referred application with a reason.</summary>
    public async Task<ApplicationView> RejectAsync(Guid id, RejectApplicationRequest request, string decidedBy, CancellationToken ct)
    {
        await EnsureNotOwnRequestAsync(id, decidedBy, "reject", ct);
        var (application, rrn) = await LoadAsync(db, id, ct);
        application.Reject(request.Reason ?? string.Empty, decidedBy, clock.Now);
        events.Decided(application);
        RecordDecision(application);
        await db.SaveChangesAsync(ct);
        return ApplicationView.From(application, rrn.Masked);
    }

    private void RecordDecision(GuaranteeApplication application) =>
        audit.Record(new AuditEntry(AuditAction.Change, "GuaranteeApplication", application.Id.ToString())
        {
            Subject = new CustomerId(application.CustomerId),
            Reason = application.DecisionReason,
            Changes =
            [
                new AuditFieldChange("status", ApplicationStatus.Referred.ToString(), application.Status.ToString()),
                new AuditFieldChange("approvedAmount", null, application.ApprovedAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new AuditFieldChange("decidedBy", null, application.DecidedBy),
            ],
        });

    /// <summary>
    /// Maker-checker: the employee who submitted the application cannot decide it. The refusal is audited in its own
    /// commit (before any transaction of the decision, which it must outlive) and answered 422 self_approval_forbidden.
    /// </summary>
    private async Task EnsureNotOwnRequestAsync(Guid id, string decidedBy, string attempted, CancellationToken ct)
    {
        var request = await db.Applications.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.CustomerId, a.SubmittedBy }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Application {id} does not exist.");
        try
        {
            MakerChecker.EnsureDifferentPerson(request.SubmittedBy, decidedBy);
        }
        catch (SelfApprovalForbiddenException)
        {
            await audit.RecordNowAsync(new AuditEntry(AuditAction.Refuse, "GuaranteeApplication", id.ToString())
            {
                Subject = new CustomerId(request.CustomerId),
                Reason = $"{MakerChecker.ErrorCode}: the submitter tried to {attempted} their own application",
            }, ct);
            throw;
        }
    }

    internal static async Task<(GuaranteeApplication Application, ResidentRegistrationNumber Rrn)> LoadAsync(GuaranteeDbContext db, Guid id, CancellationToken ct)
    {
        var application = await db.Applications.SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException($"Application {id} does not exist.");
        var identity = await db.ApplicantIdentities.AsNoTracking().SingleAsync(i => i.ApplicationId == id, ct);
        return (application, identity.Rrn);
    }
}
