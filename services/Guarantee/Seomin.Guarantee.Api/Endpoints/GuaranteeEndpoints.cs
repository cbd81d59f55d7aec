using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Guarantee.Api.Endpoints;

/// <summary>Guarantees: agreement, issuance, lender notices (법 51), fees and refunds.</summary>
public static class GuaranteeEndpoints
{
    public static RouteGroupBuilder MapGuaranteeEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees").WithTags("Guarantees").WithDomainExceptions();
        group.MapGet("/", ListGuarantees).WithName("ListGuarantees").WithSummary("Guarantees, newest first");
        group.MapGet("/{id:guid}", GetGuarantee).WithName("GetGuarantee").WithSummary("One guarantee");
        group.MapPost("/{id:guid}/agreement", Agree).WithName("AgreeGuarantee").WithSummary("보증약정: the customer signs");
        group.MapPost("/{id:guid}/issuance", Issue).WithName("IssueGuarantee").WithSummary("보증서 발급: certificate number and fee schedule");

        var notices = group.MapGroup("/{id:guid}/notices").WithTags("Lender notices");
        notices.MapPost("/loan-executed", LoanExecuted).WithName("NoticeLoanExecuted").WithSummary("대출 실행");
        notices.MapPost("/repayments", Repayment).WithName("NoticeRepayment").WithSummary("상환 (repaying the whole balance terminates)");
        notices.MapPost("/accidents", Accident).WithName("NoticeAccident").WithSummary("사고: default or acceleration");
        notices.MapPost("/cures", Cure).WithName("NoticeCure").WithSummary("정상화");
        notices.MapPost("/full-repayment", FullRepayment).WithName("NoticeFullRepayment").WithSummary("완제: terminates and refunds unused prepaid fee");
        notices.MapPost("/extensions", Extension).WithName("NoticeExtension").WithSummary("기한연장, with fee for the new period");

        var fees = group.MapGroup("/{id:guid}").WithTags("Fees and refunds");
        fees.MapGet("/fees", GetFees).WithName("GetFees").WithSummary("Fee schedule, ledger and balances");
        fees.MapPost("/fees/payments", PayFee).WithName("PayFee").WithSummary("A fee payment (excess is a refundable overpayment)");
        fees.MapPost("/fees/late-fees", AssessLateFees).WithName("AssessLateFees").WithSummary("Charge 10%/yr late fee on overdue instalments");
        fees.MapPost("/refunds", RefundOverpayment).WithName("RefundOverpayment").WithSummary("Customer-requested refund of an overpaid fee");
        return group;
    }

    public static async Task<Ok<Page<GuaranteeView>>> ListGuarantees(
        GuaranteeDbContext db, int? page, int? pageSize, GuaranteeStatus? status, string? customerId, CancellationToken ct)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        var query = db.Guarantees.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(g => g.Status == status);
        }

        if (!string.IsNullOrEmpty(customerId))
        {
            query = query.Where(g => g.CustomerId == customerId);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(g => g.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Page<GuaranteeView>([.. rows.Select(GuaranteeView.From)], p, size, total));
    }

    public static async Task<Ok<GuaranteeView>> GetGuarantee(Guid id, GuaranteeDbContext db, CancellationToken ct) =>
        TypedResults.Ok(GuaranteeView.From(await LoadAsync(db, id, ct, tracking: false)));

    public static Task<Ok<GuaranteeView>> Agree(Guid id, DateRequest? request, GuaranteeDbContext db, BusinessClock clock, CancellationToken ct) =>
        MutateAsync(db, id, g => g.Agree(request?.On ?? clock.Today), ct);

    public static async Task<Ok<GuaranteeView>> Issue(Guid id, DateRequest? request, GuaranteeDbContext db, GuaranteeEvents events, BusinessClock clock, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        var on = request?.On ?? clock.Today;
        if (g.Status == GuaranteeStatus.Agreed)
        {
            var sequence = await db.Database.SqlQuery<long>($"SELECT nextval('guarantee.certificate_number_seq') AS \"Value\"").SingleAsync(ct);
            g.Issue(on, string.Create(CultureInfo.InvariantCulture, $"SG{on:yyyy}-{sequence:D8}"));
        }
        else
        {
            g.Issue(on, string.Empty);
        }

        events.Issued(g);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> LoanExecuted(Guid id, LoanExecutedNotice notice, GuaranteeDbContext db, GuaranteeEvents events, BusinessClock clock, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        g.ExecuteLoan(notice.ExecutedOn ?? clock.Today, notice.LoanAmount);
        events.LoanExecuted(g);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> Repayment(Guid id, RepaymentNotice notice, GuaranteeDbContext db, GuaranteeEvents events, BusinessClock clock, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        var refunds = g.Repay(notice.RepaidOn ?? clock.Today, notice.Amount, Guid.CreateVersion7);
        if (g.Status == GuaranteeStatus.Terminated)
        {
            events.FeesRefunded(g, refunds);
            events.Terminated(g);
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> Accident(Guid id, AccidentNotice notice, GuaranteeDbContext db, GuaranteeEvents events, BusinessClock clock, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        g.ReportAccident(notice.OccurredOn ?? clock.Today, notice.Kind.ToString());
        events.AccidentReported(g);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> Cure(Guid id, GuaranteeDbContext db, GuaranteeEvents events, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        g.Cure();
        events.Normalized(g);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static async Task<Ok<GuaranteeView>> FullRepayment(Guid id, DateRequest? request, GuaranteeDbContext db, GuaranteeEvents events, BusinessClock clock, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        var refunds = g.RepayInFull(request?.On ?? clock.Today, Guid.CreateVersion7);
        events.FeesRefunded(g, refunds);
        events.Terminated(g);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GuaranteeView.From(g));
    }

    public static Task<Ok<GuaranteeView>> Extension(Guid id, ExtensionNotice notice, GuaranteeDbContext db, BusinessClock clock, CancellationToken ct) =>
        MutateAsync(db, id, g => g.Extend(notice.ExtendedOn ?? clock.Today, notice.AdditionalMonths, g.FeeRate), ct);

    public static async Task<Ok<FeeView>> GetFees(Guid id, GuaranteeDbContext db, CancellationToken ct) =>
        TypedResults.Ok(FeeView.From(await LoadAsync(db, id, ct, tracking: false)));

    public static async Task<Ok<FeeView>> PayFee(Guid id, FeePaymentRequest request, GuaranteeDbContext db, GuaranteeEvents events, BusinessClock clock, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        var entry = g.PayFee(request.PaidOn ?? clock.Today, request.Amount, Guid.CreateVersion7());
        events.FeePaid(g, entry);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(FeeView.From(g));
    }

    public static async Task<Ok<FeeView>> AssessLateFees(Guid id, DateRequest? request, GuaranteeDbContext db, BusinessClock clock, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        g.AssessLateFees(request?.On ?? clock.Today);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(FeeView.From(g));
    }

    public static async Task<Ok<FeeView>> RefundOverpayment(Guid id, RefundRequest? request, GuaranteeDbContext db, GuaranteeEvents events, BusinessClock clock, CancellationToken ct)
    {
        var g = await LoadAsync(db, id, ct);
        var entry = g.RefundOverpayment(clock.Today, request?.Amount, Guid.CreateVersion7());
        events.FeesRefunded(g, [entry]);
        await db.SaveChangesAsync(ct);
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
