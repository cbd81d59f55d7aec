using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Collection;
using Seomin.ServiceDefaults.Endpoints;

namespace Seomin.Contributions.Api.Endpoints;

public sealed record PaymentResponse(
    Guid Id, string BankReference, string? InstitutionCode, Guid? AssessmentId, long Amount, DateOnly ReceivedOn, PaymentSource Source,
    long ToInterest, long ToPrincipal, long Unapplied, bool AlreadyRecorded, IReadOnlyList<Guid> AppliedTo)
{
    public static PaymentResponse From(PaymentOutcome o) => new(
        o.Payment.Id, o.Payment.BankReference, o.Payment.InstitutionCode, o.Payment.AssessmentId, o.Payment.Amount, o.Payment.ReceivedOn, o.Payment.Source,
        o.Payment.ToInterest, o.Payment.ToPrincipal, o.Payment.Unapplied, o.AlreadyRecorded, o.AppliedTo);
}

public sealed record StatementResponse(int Lines, int Recorded, int AlreadyRecorded, long Applied, long Unapplied, IReadOnlyList<PaymentResponse> Payments);

public sealed record UnappliedCashResponse(Guid Id, Guid? PaymentId, Guid? SourceAssessmentId, string? InstitutionCode, long Amount, long Remaining, string Reason, DateTimeOffset CreatedAt)
{
    public static UnappliedCashResponse From(UnappliedCash u) => new(u.Id, u.PaymentId, u.SourceAssessmentId, u.InstitutionCode, u.Amount, u.Remaining, u.Reason, u.CreatedAt);
}

public sealed record ApplyHeldCashRequest(Guid? AssessmentId, DateOnly? On);

public sealed record ApplyHeldCashResponse(UnappliedCashResponse Cash, long Applied);

public sealed record OverdueSweepRequest(DateOnly? AsOf);

public static class PaymentEndpoints
{
    public static RouteGroupBuilder MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contributions").WithTags("Collection").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/payments", ReceivePayment).WithName("ReceiveContributionPayment").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Records money received and matches it to assessments (interest first, then principal); the rest is held as unapplied cash; a bank reference books once")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapPost("/payments/statement", ReceiveStatement).WithName("ReceiveBankStatement").RequireRoles(EndpointSupport.Writers)
            .Accepts<string>("text/csv")
            .WithSummary("A bank statement file (text/csv; bankReference,receivedOn,amount,institutionCode,assessmentId): all or nothing, bad rows listed as rows[n].field")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/unapplied-cash", ListUnappliedCash).WithName("ListUnappliedCash").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Cash held that is not applied to any assessment (paged; open only unless all=true)");
        group.MapPost("/unapplied-cash/{unappliedId:guid}/application", ApplyHeldCash).WithName("ApplyUnappliedCash").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Applies held cash to an assessment, up to what it owes")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/collection/overdue-sweep", RunOverdueSweep).WithName("RunContributionOverdueSweep").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Marks assessments unpaid after their due date overdue (ContributionOverdue) and sends reminders; the hosted job runs the same on a timer");
        return group;
    }

    public static async Task<Ok<PaymentResponse>> ReceivePayment(
        PaymentInput request, ClaimsPrincipal user, ContributionsDbContext db, PaymentDesk desk, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await desk.ReceiveAsync(request, PaymentSource.Api, EndpointSupport.Actor(user), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(PaymentResponse.From(outcome));
    }

    public static async Task<Ok<StatementResponse>> ReceiveStatement(
        HttpRequest request, ClaimsPrincipal user, ContributionsDbContext db, PaymentDesk desk, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcomes = await desk.ReceiveStatementAsync(text, EndpointSupport.Actor(user), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var fresh = outcomes.Where(o => !o.AlreadyRecorded).ToList();
        return TypedResults.Ok(new StatementResponse(
            outcomes.Count, fresh.Count, outcomes.Count - fresh.Count, fresh.Sum(o => o.Payment.ToInterest + o.Payment.ToPrincipal), fresh.Sum(o => o.Payment.Unapplied),
            outcomes.Select(PaymentResponse.From).ToList()));
    }

    public static async Task<Ok<PagedResult<UnappliedCashResponse>>> ListUnappliedCash(
        ContributionsDbContext db, bool? all, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize);
        var query = db.UnappliedCash.AsNoTracking();
        if (all != true)
        {
            query = query.Where(u => u.Remaining > 0);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of(items.Select(UnappliedCashResponse.From).ToList(), total));
    }

    public static async Task<Ok<ApplyHeldCashResponse>> ApplyHeldCash(
        Guid unappliedId, ApplyHeldCashRequest request, ClaimsPrincipal user, ContributionsDbContext db, PaymentDesk desk, TimeProvider clock, CancellationToken cancellationToken)
    {
        var assessmentId = EndpointSupport.Required(request.AssessmentId, "assessmentId");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (cash, applied) = await desk.ApplyHeldAsync(unappliedId, assessmentId, request.On ?? EndpointSupport.Today(clock), EndpointSupport.Actor(user), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new ApplyHeldCashResponse(UnappliedCashResponse.From(cash), applied));
    }

    public static async Task<Ok<OverdueSweepResult>> RunOverdueSweep(OverdueSweepRequest? request, OverdueSweep sweep, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sweep.RunAsync(request?.AsOf, cancellationToken));
}
