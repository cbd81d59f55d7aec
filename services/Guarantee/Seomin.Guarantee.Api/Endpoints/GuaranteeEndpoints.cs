using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Guarantee.Api.Endpoints;

/// <summary>Guarantees: agreement, issuance, lender notices (법 51), fees and refunds.</summary>
public static class GuaranteeEndpoints
{
    public static RouteGroupBuilder MapGuaranteeEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees").WithTags("Guarantees").WithStandardProblems();
        group.MapGet("/", ListGuarantees).ForReaders().WithName("ListGuarantees").WithSummary("Guarantees, newest first");
        group.MapGet("/{id:guid}", GetGuarantee).ForReaders().WithName("GetGuarantee").WithSummary("One guarantee")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/agreement", Agree).ForWriters().WithName("AgreeGuarantee").WithSummary("보증약정: the customer signs")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/issuance", Issue).ForWriters().WithName("IssueGuarantee").WithSummary("보증서 발급: certificate number and fee schedule")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        var notices = group.MapGroup("/{id:guid}/notices").WithTags("Lender notices");
        notices.MapPost("/loan-executed", LoanExecuted).ForWriters().WithName("NoticeLoanExecuted").WithSummary("대출 실행")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        notices.MapPost("/repayments", Repayment).ForWriters().WithName("NoticeRepayment").WithSummary("상환 (repaying the whole balance terminates)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        notices.MapPost("/accidents", Accident).ForWriters().WithName("NoticeAccident").WithSummary("사고: default or acceleration")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        notices.MapPost("/cures", Cure).ForWriters().WithName("NoticeCure").WithSummary("정상화 (the additional fee stops on the cure date)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        notices.MapPost("/full-repayment", FullRepayment).ForWriters().WithName("NoticeFullRepayment").WithSummary("완제: terminates and refunds unused prepaid fee")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        notices.MapPost("/extensions", Extension).ForWriters().WithName("NoticeExtension").WithSummary("기한연장, with fee for the new period")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        var fees = group.MapGroup("/{id:guid}").WithTags("Fees and refunds");
        fees.MapGet("/fees", GetFees).ForReaders().WithName("GetFees").WithSummary("Fee schedule, ledger and balances")
            .ProducesProblems(StatusCodes.Status404NotFound);
        fees.MapPost("/fees/payments", PayFee).ForWriters().WithName("PayFee").WithSummary("A fee payment (excess is a refundable overpayment)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        fees.MapPost("/fees/late-fees", AssessLateFees).ForWriters().WithName("AssessLateFees").WithSummary("Charge 10%/yr late fee on overdue instalments")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        fees.MapPost("/refunds", RefundOverpayment).ForWriters().WithName("RefundOverpayment").WithSummary("Customer-requested refund of an overpaid fee")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    /// <summary>What the lifecycle handlers use: the database, the outbox events and the Seoul business clock.</summary>
    public sealed record GuaranteeServices(GuaranteeDbContext Db, GuaranteeEvents Events, BusinessClock Clock);

    /// <summary>Filters of the guarantee list.</summary>
    public sealed record ListGuaranteesQuery(
        [FromQuery(Name = "page")] int? Page,
        [FromQuery(Name = "pageSize")] int? PageSize,
        [FromQuery(Name = "status")] GuaranteeStatus? Status,
        [FromQuery(Name = "customerId")] string? CustomerId);

    public static async Task<Ok<PagedResult<GuaranteeView>>> ListGuarantees([AsParameters] ListGuaranteesQuery filter, GuaranteeDbContext db, CancellationToken ct)
    {
        var window = Paging.Normalise(filter.Page, filter.PageSize, ApplicationEndpoints.MaxPageSize);
        var query = db.Guarantees.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(g => g.Status == status);
        }

        if (!string.IsNullOrEmpty(filter.CustomerId))
        {
            query = query.Where(g => g.CustomerId == filter.CustomerId);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(g => g.Id).Skip(window.Skip).Take(window.Size).ToListAsync(ct);
        return TypedResults.Ok(window.Of<GuaranteeView>([.. rows.Select(GuaranteeView.From)], total));
    }

    public static async Task<Ok<GuaranteeView>> GetGuarantee(Guid id, [AsParameters] GuaranteeServices services, CancellationToken ct) =>
        TypedResults.Ok(GuaranteeView.From(await LoadAsync(services.Db, id, ct, tracking: false)));

    public static Task<Ok<GuaranteeView>> Agree(Guid id, DateRequest? request, [AsParameters] GuaranteeServices services, CancellationToken ct) =>
        MutateAsync(services.Db, id, g => g.Agree(request?.On ?? services.Clock.Today), ct);

    public static async Task<Ok<GuaranteeView>> Issue(Guid id, DateRequest? request, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        var on = request?.On ?? services.Clock.Today;
        if (g.Status == GuaranteeStatus.Agreed)
        {
            var sequence = await services.Db.Database.SqlQuery<long>($"SELECT nextval('guarantee.certificate_number_seq') AS \"Value\"").SingleAsync(ct);
            g.Issue(on, string.Create(CultureInfo.InvariantCulture, $"SG{on:yyyy}-{sequence:D8}"));
        }
        else
        {
            g.Issue(on, string.Empty);
        }

        services.Events.Issued(g);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> LoanExecuted(Guid id, LoanExecutedNotice notice, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        g.ExecuteLoan(notice.ExecutedOn ?? services.Clock.Today, notice.LoanAmount);
        services.Events.LoanExecuted(g);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> Repayment(Guid id, RepaymentNotice notice, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        var refunds = g.Repay(notice.RepaidOn ?? services.Clock.Today, notice.Amount, Guid.CreateVersion7);
        if (g.Status == GuaranteeStatus.Terminated)
        {
            services.Events.FeesRefunded(g, refunds);
            services.Events.Terminated(g);
        }

        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> Accident(Guid id, AccidentNotice notice, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        g.ReportAccident(notice.OccurredOn ?? services.Clock.Today, notice.Kind.ToString());
        services.Events.AccidentReported(g);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> Cure(Guid id, DateRequest? request, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        g.Cure(request?.On ?? services.Clock.Today);
        services.Events.Normalized(g);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> FullRepayment(Guid id, DateRequest? request, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        var refunds = g.RepayInFull(request?.On ?? services.Clock.Today, Guid.CreateVersion7);
        services.Events.FeesRefunded(g, refunds);
        services.Events.Terminated(g);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> Extension(Guid id, ExtensionNotice notice, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        var on = notice.ExtendedOn ?? services.Clock.Today;
        g.Extend(on, notice.AdditionalMonths, g.FeeRate);
        // Recorded for the supply report: the foundation's plan counts extensions as supply (seed 003).
        services.Db.GuaranteeExtensions.Add(new GuaranteeExtension
        {
            Id = Guid.CreateVersion7(), GuaranteeId = g.Id, ProductCode = g.ProductCode, FundCode = g.FundCode, ExtendedOn = on,
            AdditionalMonths = notice.AdditionalMonths, LoanBalance = g.LoanBalance,
        });
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<FeeView>> GetFees(Guid id, [AsParameters] GuaranteeServices services, CancellationToken ct) =>
        TypedResults.Ok(FeeView.From(await LoadAsync(services.Db, id, ct, tracking: false)));

    public static async Task<Ok<FeeView>> PayFee(Guid id, FeePaymentRequest request, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        var entry = g.PayFee(request.PaidOn ?? services.Clock.Today, request.Amount, Guid.CreateVersion7(), request.CollectedByLender ?? false);
        services.Events.FeePaid(g, entry);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(FeeView.From(g));
    }

    public static async Task<Ok<FeeView>> AssessLateFees(Guid id, DateRequest? request, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        g.AssessLateFees(request?.On ?? services.Clock.Today);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(FeeView.From(g));
    }

    public static async Task<Ok<FeeView>> RefundOverpayment(Guid id, RefundRequest? request, [AsParameters] GuaranteeServices services, CancellationToken ct)
    {
        var g = await LoadAsync(services.Db, id, ct);
        var entry = g.RefundOverpayment(services.Clock.Today, request?.Amount, Guid.CreateVersion7());
        services.Events.FeesRefunded(g, [entry]);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(FeeView.From(g));
    }

    private static async Task<Ok<GuaranteeView>> MutateAsync(GuaranteeDbContext db, Guid id, Action<CreditGuarantee> change, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        change(g);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    internal static async Task<CreditGuarantee> LoadAsync(GuaranteeDbContext db, Guid id, CancellationToken ct, bool tracking = true)
    {
        var query = tracking ? db.Guarantees : db.Guarantees.AsNoTracking();
        return await query.SingleOrDefaultAsync(g => g.Id == id, ct)
            ?? throw new NotFoundException($"Guarantee {id} does not exist.");
    }
}
