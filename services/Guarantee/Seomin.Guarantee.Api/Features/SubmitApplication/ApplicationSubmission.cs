using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Products;
using Seomin.Guarantee.Domain.Screening;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;

namespace Seomin.Guarantee.Api.Features.SubmitApplication;

/// <summary>Who submits: from the caller's validated token (the maker, for maker-checker).</summary>
public sealed record Submitter(string SubmittedBy, string? Client, string? PartnerCode);

/// <summary>보증 신청: validates, screens at once by the product's named rules, and approves automatically when every rule passes.</summary>
public sealed class ApplicationSubmission(
    GuaranteeDbContext db,
    IOptions<GuaranteeOptions> options,
    ICustomerIdFactory customerIds,
    IBlindIndex blindIndex,
    ProductCache products,
    GuaranteeApprover approver,
    GuaranteeEvents events,
    IAuditTrail audit,
    BusinessClock clock)
{
    private const int MaxCapacityAttempts = 3;

    public async Task<ApplicationView> SubmitAsync(SubmitApplicationRequest request, Submitter submitter, CancellationToken ct)
    {
        var rrn = Validate(request);
        var today = clock.Today;
        var product = await products.InForceAsync(db, request.ProductCode!, today, ct)
            ?? throw new BusinessRuleException("ProductMustExist", $"No product '{request.ProductCode}' is in force on {today:yyyy-MM-dd}.");
        if (request.FeePaymentPlan == FeePaymentPlan.YearlyInstalments && !product.AllowsYearlyInstalments)
        {
            throw new BusinessRuleException("ProductMustAllowInstalments", $"{product.Code} is paid up front only.");
        }

        var customerId = customerIds.Create(rrn).Value;
        var profile = new ApplicantProfile
        {
            BirthDate = rrn.BirthDate,
            EmploymentMonths = request.EmploymentMonths,
            AnnualIncome = request.AnnualIncome,
            CreditScore = request.CreditScore,
            CreditPercentile = request.CreditPercentile,
            BusinessAgeMonths = request.BusinessAgeMonths,
            ProtectedGroup = request.ProtectedGroup,
            WorkingDaysLastThreeMonths = request.WorkingDaysLastThreeMonths,
            YouthStatus = request.YouthStatus,
        };
        var rrnBlindIndex = blindIndex.Compute(rrn);

        // Round trips: (BEGIN +) locks + screening reads in one batch, one SaveChanges batch, COMMIT. The capacity
        // ledger trigger re-checks the operating multiple at insert; if a concurrent approval took the room since
        // the read, the submission is screened again with the new total (and is then referred for capacity).
        // No savepoint around SaveChanges: a failed save rolls the whole transaction back (and retries in a new
        // one), so EF's automatic savepoint would only add its RELEASE SAVEPOINT round trip, after the audit row
        // and the guarantee took the audit-chain lock and the fund's capacity row and before COMMIT releases them.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            return await SubmitInTransactionAsync(request, submitter, rrn, product, customerId, profile, rrnBlindIndex, today, ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    private async Task<ApplicationView> SubmitInTransactionAsync(
        SubmitApplicationRequest request, Submitter submitter, ResidentRegistrationNumber rrn, ProductVersion product, string customerId,
        ApplicantProfile profile, string rrnBlindIndex, DateOnly today, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var inputs = await ExposureQueries.LockAndReadScreeningInputsAsync(db, customerId, product, today, ct);
            var screening = Screener.Screen(new ScreeningRequest
            {
                Product = product,
                Applicant = profile,
                RequestedAmount = request.RequestedAmount,
                TermMonths = request.TermMonths,
                ApplicationDate = today,
                ExistingExposure = inputs.CustomerExposure,
                BudgetUsed = inputs.BudgetUsed,
                Capacity = new CapacityCheck(inputs.OutstandingGuaranteed, inputs.FundBalance, options.Value.Capacity.For(product.FundCode).OperatingMultiple),
                SuppliedLastSixMonths = inputs.SuppliedLastSixMonths,
            });
            if (screening.Outcome == ScreeningOutcome.Ineligible)
            {
                var failed = screening.Rules.Where(r => !r.Passed).ToList();
                throw new BusinessRuleException(failed[0].Rule, string.Join("; ", failed.Select(r => $"{r.Rule}: {r.Reason}")));
            }

            var application = new GuaranteeApplication(
                Guid.CreateVersion7(), customerId, product.Code, product.Version, request.Channel, profile,
                request.RequestedAmount, request.TermMonths, request.LenderCode!.Trim(), request.FeePaymentPlan, clock.Now);
            application.RecordSubmitter(submitter.SubmittedBy, submitter.Client, submitter.PartnerCode);
            application.RecordBranch(request.BranchCode);
            application.RecordScreening(screening, clock.Now);
            db.Applications.Add(application);
            audit.Record(new AuditEntry(AuditAction.Create, "GuaranteeApplication", application.Id.ToString())
            {
                Subject = new CustomerId(customerId),
                Changes =
                [
                    new AuditFieldChange("status", null, application.Status.ToString()),
                    new AuditFieldChange("submittedBy", null, submitter.SubmittedBy),
                    new AuditFieldChange("partnerCode", null, submitter.PartnerCode),
                ],
            });
            db.ApplicantIdentities.Add(new ApplicantIdentity
            {
                ApplicationId = application.Id,
                Rrn = rrn,
                RrnBlindIndex = rrnBlindIndex,
                CustomerId = customerId,
            });
            events.Submitted(application);
            if (application.Status == ApplicationStatus.Approved)
            {
                var incentives = new FeeIncentives(inputs.Counseling, inputs.FinancialEducation, profile.ProtectedGroup);
                await approver.CreateAsync(application, product, request.FeePaymentPlan, ct, incentives);
                events.Decided(application);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return ApplicationView.From(application, rrn.Masked);
            }
            catch (DbUpdateException ex) when (CapacityLedger.IsRefusal(ex) && attempt < MaxCapacityAttempts)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException ex) when (CapacityLedger.IsRefusal(ex))
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                throw await approver.CapacityRefusalAsync(product, request.RequestedAmount, ct);
            }
        }
    }

    private static ResidentRegistrationNumber Validate(SubmitApplicationRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];
        if (string.IsNullOrWhiteSpace(r.ProductCode))
        {
            Add("productCode", "productCode is required.");
        }

        if (r.Rrn is null || r.Rrn.Value.IsEmpty)
        {
            Add("rrn", "rrn is required.");
        }

        if (string.IsNullOrWhiteSpace(r.LenderCode) || r.LenderCode.Length > 40)
        {
            Add("lenderCode", "lenderCode is required (at most 40 characters).");
        }

        if (r.BranchCode is { Length: > 40 })
        {
            Add("branchCode", "branchCode must be at most 40 characters.");
        }

        if (r.RequestedAmount <= 0)
        {
            Add("requestedAmount", "requestedAmount must be a positive whole number of won.");
        }

        if (r.TermMonths <= 0)
        {
            Add("termMonths", "termMonths must be positive.");
        }

        if (r.EmploymentMonths < 0)
        {
            Add("employmentMonths", "employmentMonths must not be negative.");
        }

        if (r.AnnualIncome < 0)
        {
            Add("annualIncome", "annualIncome must not be negative.");
        }

        if (r.CreditScore is < 1 or > 1000)
        {
            Add("creditScore", "creditScore must be between 1 and 1000.");
        }

        if (r.CreditPercentile is < 0m or > 100m)
        {
            Add("creditPercentile", "creditPercentile must be between 0 and 100.");
        }

        if (r.BusinessAgeMonths is < 0)
        {
            Add("businessAgeMonths", "businessAgeMonths must not be negative.");
        }

        if (r.WorkingDaysLastThreeMonths is { } days && (days.Length != 3 || days.Any(d => d is < 0 or > 31)))
        {
            Add("workingDaysLastThreeMonths", "workingDaysLastThreeMonths must be three numbers of days (0–31), oldest month first.");
        }

        if (r.YouthStatus is { } status && !Enum.IsDefined(status))
        {
            Add("youthStatus", "youthStatus must be universityStudent, jobSeeker, earlyCareerWorker or other.");
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        return r.Rrn!.Value;
    }
}
