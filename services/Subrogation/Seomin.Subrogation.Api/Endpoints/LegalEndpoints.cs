using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contracts.Subrogation;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain.Legal;
using Seomin.Subrogation.Domain.Recourse;
using Seomin.Subrogation.Domain.Rules;

namespace Seomin.Subrogation.Api.Endpoints;

public sealed record TakeLegalStepRequest(LegalStepKind? Kind, DateOnly? On, string? Reference);

public sealed record AssignOfficerRequest(string? Officer);

public sealed record LegalStepResponse(
    Guid Id,
    Guid RecourseId,
    LegalStepKind Kind,
    DateOnly TakenOn,
    string? Reference,
    DateOnly? ServedOn,
    DateOnly? FinalOn,
    LegalStepStatus Status,
    WorkItemKind? NextAction,
    DateOnly? NextDueOn,
    string? NextCitation,
    DateOnly LimitationExpiresOn)
{
    public static LegalStepResponse From(LegalStep s, RecourseClaim r) => new(
        s.Id, s.RecourseId, s.Kind, s.TakenOn, s.Reference, s.ServedOn, s.FinalOn, s.Status, s.NextAction, s.NextDueOn, s.NextCitation, r.LimitationExpiresOn);
}

/// <summary>One thing due on a claim: a legal step's next action or the claim's limitation.</summary>
public sealed record WorkItemResponse(Guid RecourseId, string CustomerId, string? Officer, WorkItemKind Kind, DateOnly DueOn, Guid? LegalStepId, string Citation);

public static class LegalEndpoints
{
    public static IEndpointRouteBuilder MapLegalEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subrogation/recourse/{recourseId:guid}").WithTags("Legal steps").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        int[] refusals = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity];
        group.MapPost("/legal-steps", TakeStep).WithName("TakeLegalStep").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Records a legal step (최고서, 지급명령, 소송, 재산명시, 채무불이행자명부, 압류, 가압류) with its next deadline; seizures interrupt the limitation")
            .ProducesProblems(refusals);
        group.MapGet("/legal-steps", ListSteps).WithName("ListLegalSteps").RequireRoles(EndpointSupport.Readers)
            .WithSummary("A claim's legal steps, oldest first (paged)").ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/legal-steps/{stepId:guid}/service", Serve).WithName("RecordLegalStepService").RequireRoles(EndpointSupport.Writers)
            .WithSummary("The payment order (or claim) was served: the two-week objection period runs (민사소송법 제470조)").ProducesProblems(refusals);
        group.MapPost("/legal-steps/{stepId:guid}/final", BecomeFinal).WithName("RecordLegalStepFinal").RequireRoles(EndpointSupport.Writers)
            .WithSummary("The payment order or judgment became final: the limitation starts again and the defaulters' list becomes due after six months")
            .ProducesProblems(refusals);
        group.MapPost("/legal-steps/{stepId:guid}/close", CloseStep).WithName("CloseLegalStep").RequireRoles(EndpointSupport.Writers)
            .WithSummary("The step's pending action was dealt with: it leaves the work queue").ProducesProblems(refusals);
        group.MapPut("/officer", Assign).WithName("AssignRecourseOfficer").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Assigns the claim to a recourse officer's work queue").ProducesProblems(refusals);

        app.MapGroup("/api/subrogation").WithTags("Legal steps").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .MapGet("/work-queue", WorkQueue).WithName("GetRecourseWorkQueue").RequireRoles(EndpointSupport.Readers)
            .WithSummary("What is due per officer (the caller unless named): legal deadlines and limitations of open claims, in due-date order (paged)");
        return app;
    }

    public sealed record LegalServices(SubrogationDbContext Db, IOutbox Outbox, IAuditTrail Audit, TimeProvider Clock);

    public static async Task<Created<LegalStepResponse>> TakeStep(
        Guid recourseId, TakeLegalStepRequest request, ClaimsPrincipal user, [AsParameters] LegalServices services, CancellationToken cancellationToken)
    {
        var kind = EndpointSupport.Required(request.Kind, "kind");
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = request.On ?? EndpointSupport.Today(services.Clock);
        var steps = await services.Db.LegalSteps.Where(s => s.RecourseId == recourseId).ToListAsync(cancellationToken);
        var title = steps.Where(s => s.IsFinalTitle).OrderBy(s => s.FinalOn).FirstOrDefault();
        var (step, interruption) = LegalStep.Take(Guid.CreateVersion7(), recourse, kind, on, request.Reference, title?.FinalOn);
        if (kind == LegalStepKind.DefaultersList && title?.NextAction == WorkItemKind.ApplyForDefaultersList)
        {
            title.Close();
        }

        if (kind is LegalStepKind.Seizure or LegalStepKind.ProvisionalSeizure or LegalStepKind.PropertyDisclosure)
        {
            recourse.RecordKnownAssets();
        }

        var limitationBefore = recourse.LimitationExpiresOn;
        if (interruption is { } reason)
        {
            recourse.InterruptLimitation(reason, on);
        }

        services.Db.LegalSteps.Add(step);
        Publish(services, recourse, step, on);
        Audit(services, recourse, $"legalStep:{kind}", request.Reference, limitationBefore);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/subrogation/recourse/{recourseId}/legal-steps", LegalStepResponse.From(step, recourse));
    }

    public static async Task<Ok<PagedResult<LegalStepResponse>>> ListSteps(
        Guid recourseId, int? page, int? pageSize, SubrogationDbContext db, CancellationToken cancellationToken)
    {
        var recourse = await db.RecourseClaims.AsNoTracking().SingleOrDefaultAsync(r => r.Id == recourseId, cancellationToken)
            ?? throw new NotFoundException($"Recourse claim {recourseId} does not exist.");
        var window = Paging.Normalise(page, pageSize);
        var query = db.LegalSteps.AsNoTracking().Where(s => s.RecourseId == recourseId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(s => s.TakenOn).ThenBy(s => s.Id).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of<LegalStepResponse>([.. items.Select(s => LegalStepResponse.From(s, recourse))], total));
    }

    public static Task<Ok<LegalStepResponse>> Serve(Guid recourseId, Guid stepId, OnRequest request, [AsParameters] LegalServices services, CancellationToken cancellationToken) =>
        ChangeStepAsync(recourseId, stepId, "served", services, (r, s) =>
        {
            s.Serve(EndpointSupport.Required(request.On, "on"));
            return null;
        }, cancellationToken);

    public static Task<Ok<LegalStepResponse>> BecomeFinal(Guid recourseId, Guid stepId, OnRequest request, [AsParameters] LegalServices services, CancellationToken cancellationToken) =>
        ChangeStepAsync(recourseId, stepId, "final", services, (r, s) =>
        {
            var on = EndpointSupport.Required(request.On, "on");
            r.InterruptLimitation(s.BecomeFinal(on), on);
            return on;
        }, cancellationToken);

    public static Task<Ok<LegalStepResponse>> CloseStep(Guid recourseId, Guid stepId, [AsParameters] LegalServices services, CancellationToken cancellationToken) =>
        ChangeStepAsync(recourseId, stepId, "closed", services, (_, s) =>
        {
            s.Close();
            return null;
        }, cancellationToken);

    public static async Task<Ok<RecourseResponse>> Assign(Guid recourseId, AssignOfficerRequest request, [AsParameters] LegalServices services, CancellationToken cancellationToken)
    {
        var officer = EndpointSupport.Required(request.Officer, "officer");
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var before = recourse.AssignedOfficer;
        recourse.AssignTo(officer);
        services.Audit.Record(new AuditEntry(AuditAction.Change, "RecourseClaim", recourse.Id.ToString())
        {
            Changes = [new("assignedOfficer", before, recourse.AssignedOfficer)],
        });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, recourse.AccruedThrough));
    }

    /// <summary>
    /// The officer's queue: every open claim assigned to them contributes its limitation expiry and each legal step's
    /// pending action. Both sources are read in due-date order in SQL, limited to the page's end, and merged.
    /// </summary>
    public static async Task<Ok<PagedResult<WorkItemResponse>>> WorkQueue(
        string? officer, DateOnly? dueBy, int? page, int? pageSize, ClaimsPrincipal user, SubrogationDbContext db, CancellationToken cancellationToken)
    {
        var who = string.IsNullOrWhiteSpace(officer) ? EndpointSupport.Actor(user) : officer.Trim();
        var window = Paging.Normalise(page, pageSize);
        var last = dueBy ?? DateOnly.MaxValue;
        var open = db.RecourseClaims.AsNoTracking().Where(r => r.AssignedOfficer == who && ReliefStatuses.Open.Contains(r.Status));

        var limitations = open.Where(r => r.LimitationExpiresOn <= last);
        var steps = db.LegalSteps.AsNoTracking()
            .Where(s => s.NextDueOn != null && s.NextDueOn <= last)
            .Join(open, s => s.RecourseId, r => r.Id, (s, r) => new { s, r.CustomerId });

        var total = await limitations.CountAsync(cancellationToken) + await steps.CountAsync(cancellationToken);
        var upTo = window.Skip + window.Size;
        var fromLimitations = await limitations.OrderBy(r => r.LimitationExpiresOn).ThenBy(r => r.Id).Take(upTo)
            .Select(r => new WorkItemResponse(r.Id, r.CustomerId, r.AssignedOfficer, WorkItemKind.LimitationExpires, r.LimitationExpiresOn, null, LegalPeriods.Limitation.Citation))
            .ToListAsync(cancellationToken);
        var fromSteps = await steps.OrderBy(x => x.s.NextDueOn).ThenBy(x => x.s.Id).Take(upTo)
            .Select(x => new WorkItemResponse(x.s.RecourseId, x.CustomerId, who, x.s.NextAction!.Value, x.s.NextDueOn!.Value, x.s.Id, x.s.NextCitation ?? ""))
            .ToListAsync(cancellationToken);
        var items = fromLimitations.Concat(fromSteps).OrderBy(i => i.DueOn).ThenBy(i => i.RecourseId).Skip(window.Skip).Take(window.Size).ToList();
        return TypedResults.Ok(window.Of<WorkItemResponse>(items, total));
    }

    private static async Task<Ok<LegalStepResponse>> ChangeStepAsync(
        Guid recourseId, Guid stepId, string what, LegalServices services, Func<RecourseClaim, LegalStep, DateOnly?> change, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var step = await services.Db.LegalSteps.SingleOrDefaultAsync(s => s.Id == stepId && s.RecourseId == recourseId, cancellationToken)
            ?? throw new NotFoundException($"Legal step {stepId} does not exist on recourse claim {recourseId}.");
        var limitationBefore = recourse.LimitationExpiresOn;
        change(recourse, step);
        Audit(services, recourse, $"legalStep:{step.Kind}:{what}", step.Reference, limitationBefore);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(LegalStepResponse.From(step, recourse));
    }

    private static void Publish(LegalServices services, RecourseClaim recourse, LegalStep step, DateOnly on) =>
        services.Outbox.Publish(new RecourseLegalStepTaken
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, StepId = step.Id, CustomerId = recourse.CustomerId, Kind = step.Kind.ToString(),
            TakenOn = on, LimitationExpiresOn = recourse.LimitationExpiresOn, OccurredAt = services.Clock.GetUtcNow(),
        });

    private static void Audit(LegalServices services, RecourseClaim recourse, string what, string? reference, DateOnly limitationBefore) =>
        services.Audit.Record(new AuditEntry(AuditAction.Change, "RecourseClaim", recourse.Id.ToString())
        {
            Reason = reference,
            Changes = [new(what, null, null), new("limitationExpiresOn", limitationBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), recourse.LimitationExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
        });

    private static async Task<RecourseClaim> FindAsync(SubrogationDbContext db, Guid recourseId, CancellationToken cancellationToken) =>
        await db.RecourseClaims.SingleOrDefaultAsync(r => r.Id == recourseId, cancellationToken)
        ?? throw new NotFoundException($"Recourse claim {recourseId} does not exist.");
}

/// <summary>The statuses in which a claim is still managed (mirrors <see cref="RecourseClaim.IsOpen"/>, for SQL).</summary>
internal static class ReliefStatuses
{
    public static readonly RecourseStatus[] Open =
        [RecourseStatus.Collecting, RecourseStatus.Instalment, RecourseStatus.Deferred, RecourseStatus.CollectionStayed];
}
