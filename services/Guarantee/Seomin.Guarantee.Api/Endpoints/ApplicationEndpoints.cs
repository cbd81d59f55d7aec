using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Products;
using Seomin.Guarantee.Domain.Screening;
using Seomin.ServiceDefaults.Problems;
using Seomin.ServiceDefaults.Security;
using Seomin.ServiceDefaults.Security.Audit;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Seomin.Guarantee.Api.Endpoints;

/// <summary>Applications (보증 신청), screening and staff decisions.</summary>
public static class ApplicationEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxCapacityAttempts = 3;

    public static RouteGroupBuilder MapApplicationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees/applications").WithTags("Applications").WithDomainExceptions();
        group.MapPost("/", SubmitApplication).WithName("SubmitApplication")
            .WithSummary("Submit an application; screened at once (Idempotency-Key: same key and body replays the first response)")
            .Accepts<SubmitApplicationRequest>("application/json")
            .Produces<ApplicationView>(StatusCodes.Status201Created);
        group.MapGet("/", ListApplications).WithName("ListApplications").WithSummary("Applications, newest first, RRN masked");
        group.MapGet("/{id:guid}", GetApplication).WithName("GetApplication").WithSummary("One application (the read is audited)")
            .AuditsPersonalDataRead("GuaranteeApplication");
        group.MapPost("/{id:guid}/approval", ApproveApplication).WithName("ApproveApplication")
            .WithSummary("Staff approve a referred application, possibly for less (audited)");
        group.MapPost("/{id:guid}/rejection", RejectApplication).WithName("RejectApplication")
            .WithSummary("Staff reject a referred application with a reason (audited)");
        return group;
    }

    public static async Task<IResult> SubmitApplication(
        HttpRequest http,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        GuaranteeDbContext db,
        IOptions<HttpJsonOptions> json,
        IOptions<GuaranteeOptions> options,
        ICustomerIdFactory customerIds,
        IBlindIndex blindIndex,
        ProductCache products,
        GuaranteeApprover approver,
        GuaranteeEvents events,
        BusinessClock clock,
        CancellationToken ct)
    {
        if (idempotencyKey is { Length: > 200 })
        {
            throw new DomainValidationException(IdempotencyHeader, "The key must be at most 200 characters.");
        }

        var body = await ReadBodyAsync(http, ct);
        var hash = Convert.ToHexString(SHA256.HashData(body));
        if (idempotencyKey is not null && await ReplayAsync(db, idempotencyKey, hash, ct) is { } replay)
        {
            return replay;
        }

        var request = Deserialize(body, json.Value.SerializerOptions);
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
        };
        var rrnBlindIndex = blindIndex.Compute(rrn);

        // Round trips: (BEGIN +) locks + screening reads in one batch, one SaveChanges batch, COMMIT. The capacity
        // ledger trigger re-checks the operating multiple at insert; if a concurrent approval took the room since
        // the read, the submission is screened again with the new total (and is then referred for capacity).
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
                Capacity = new CapacityCheck(inputs.OutstandingGuaranteed, inputs.FundBalance, options.Value.Capacity.OperatingMultiple),
            });
            if (screening.Outcome == ScreeningOutcome.Ineligible)
            {
                var failed = screening.Rules.Where(r => !r.Passed).ToList();
                throw new BusinessRuleException(failed[0].Rule, string.Join("; ", failed.Select(r => $"{r.Rule}: {r.Reason}")));
            }

            var application = new GuaranteeApplication(
                Guid.CreateVersion7(), customerId, product.Code, product.Version, request.Channel, profile,
                request.RequestedAmount, request.TermMonths, request.LenderCode!.Trim(), request.FeePaymentPlan, clock.Now);
            application.RecordScreening(screening, clock.Now);
            db.Applications.Add(application);
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

            var view = ApplicationView.From(application, rrn.Masked);
            var location = $"/api/guarantees/applications/{application.Id}";
            if (idempotencyKey is not null)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord
                {
                    Key = idempotencyKey,
                    RequestHash = hash,
                    StatusCode = StatusCodes.Status201Created,
                    ResponseBody = JsonSerializer.Serialize(view, json.Value.SerializerOptions),
                    Location = location,
                    CreatedAt = clock.Now,
                });
            }

            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return TypedResults.Created(location, view);
            }
            catch (DbUpdateException ex) when (idempotencyKey is not null && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // A concurrent request with the same key won the race: answer as it did.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return await ReplayAsync(db, idempotencyKey, hash, ct) ?? throw new ConflictException("The request was submitted concurrently; retry.");
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

    public static async Task<Ok<Page<ApplicationView>>> ListApplications(
        GuaranteeDbContext db, int? page, int? pageSize, ApplicationStatus? status, string? customerId, CancellationToken ct)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        var query = db.Applications.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(a => a.Status == status);
        }

        if (!string.IsNullOrEmpty(customerId))
        {
            query = query.Where(a => a.CustomerId == customerId);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.SubmittedAt).ThenBy(a => a.Id)
            .Skip((p - 1) * size).Take(size)
            .Join(db.ApplicantIdentities, a => a.Id, i => i.ApplicationId, (a, i) => new { a, i.Rrn })
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<ApplicationView>([.. rows.Select(r => ApplicationView.From(r.a, r.Rrn.Masked))], p, size, total));
    }

    public static async Task<Ok<ApplicationView>> GetApplication(Guid id, GuaranteeDbContext db, CancellationToken ct)
    {
        var (application, rrn) = await LoadAsync(db, id, ct);
        return TypedResults.Ok(ApplicationView.From(application, rrn.Masked));
    }

    public static async Task<Ok<ApplicationView>> ApproveApplication(
        Guid id, ApproveApplicationRequest request, GuaranteeDbContext db, GuaranteeApprover approver, GuaranteeEvents events,
        IAuditTrail audit, BusinessClock clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var customerId = await db.Applications.AsNoTracking().Where(a => a.Id == id).Select(a => a.CustomerId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Application {id} does not exist.");
        await ExposureQueries.LockCustomerAsync(db, customerId, ct);
        var (application, rrn) = await LoadAsync(db, id, ct);
        var product = await db.ProductVersions.AsNoTracking()
            .SingleAsync(v => v.Code == application.ProductCode && v.Version == application.ProductVersion, ct);
        application.Approve(request.Amount, DecidedBy(request.DecidedBy), request.Note, clock.Now);
        await approver.EnsureCapacityAsync(product, request.Amount, ct);
        await approver.CreateAsync(application, product, application.FeePaymentPlan, ct);
        events.Decided(application);
        RecordDecision(audit, application);
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
        return TypedResults.Ok(ApplicationView.From(application, rrn.Masked));
    }

    public static async Task<Ok<ApplicationView>> RejectApplication(
        Guid id, RejectApplicationRequest request, GuaranteeDbContext db, GuaranteeEvents events, IAuditTrail audit, BusinessClock clock, CancellationToken ct)
    {
        var (application, rrn) = await LoadAsync(db, id, ct);
        application.Reject(request.Reason ?? string.Empty, DecidedBy(request.DecidedBy), clock.Now);
        events.Decided(application);
        RecordDecision(audit, application);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ApplicationView.From(application, rrn.Masked));
    }

    private static void RecordDecision(IAuditTrail audit, GuaranteeApplication application) =>
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

    private static string DecidedBy(string? decidedBy) => string.IsNullOrWhiteSpace(decidedBy) ? "staff" : decidedBy.Trim();

    private static async Task<(GuaranteeApplication Application, ResidentRegistrationNumber Rrn)> LoadAsync(GuaranteeDbContext db, Guid id, CancellationToken ct)
    {
        var application = await db.Applications.SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException($"Application {id} does not exist.");
        var identity = await db.ApplicantIdentities.AsNoTracking().SingleAsync(i => i.ApplicationId == id, ct);
        return (application, identity.Rrn);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest http, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static SubmitApplicationRequest Deserialize(byte[] body, JsonSerializerOptions options)
    {
        if (body.Length == 0)
        {
            throw new DomainValidationException("body", "A JSON body is required.");
        }

        return JsonSerializer.Deserialize<SubmitApplicationRequest>(body, options)
            ?? throw new DomainValidationException("body", "A JSON body is required.");
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

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        return r.Rrn!.Value;
    }

    private static async Task<IResult?> ReplayAsync(GuaranteeDbContext db, string key, string hash, CancellationToken ct)
    {
        var record = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, ct);
        if (record is null)
        {
            return null;
        }

        if (record.RequestHash != hash)
        {
            throw new BusinessRuleException("IdempotencyKeyMustMatchBody",
                "This Idempotency-Key was used with a different request body.");
        }

        return new ReplayResult(record);
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.StatusCode;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.Location is not null)
            {
                httpContext.Response.Headers.Location = record.Location;
            }

            httpContext.Response.ContentType = "application/json; charset=utf-8";
            return httpContext.Response.WriteAsync(record.ResponseBody, httpContext.RequestAborted);
        }
    }
}
