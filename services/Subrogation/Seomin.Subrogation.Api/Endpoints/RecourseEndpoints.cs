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
using Seomin.Subrogation.Domain;
using Seomin.Subrogation.Domain.Grading;
using Seomin.Subrogation.Domain.Recourse;
using Seomin.Subrogation.Domain.Relief;
using Seomin.Subrogation.Domain.Reports;

namespace Seomin.Subrogation.Api.Endpoints;

public sealed record RecordRecoveryRequest(long? Amount, DateOnly? RecoveredOn, string? Source);

public sealed record AmountOnRequest(long? Amount, DateOnly? On);

public sealed record OnRequest(DateOnly? On);

public sealed record SellRequest(string? Buyer, long? Price, DateOnly? On);

public enum ExemptionReason
{
    Death,
    Disability,
}

public sealed record ExemptRequest(ExemptionReason? Reason, DateOnly? On);

public sealed record AgreePlanRequest(int? Instalments, DateOnly? FirstDueOn, bool? WaiveLateCharge, DateOnly? On);

public sealed record DeferRequest(string? BoardResolution, DateOnly? On);

public sealed record StayCollectionRequest(ReliefCaseKind? Kind, string? CaseNumber, DateOnly? On);

public sealed record EndStayRequest(ReliefOutcome? Outcome, DateOnly? On);

public sealed record InstalmentResponse(int Number, DateOnly DueOn, long Amount, long Paid);

public sealed record PlanResponse(Guid Id, long Total, InstalmentPlanStatus Status, bool LateChargeWaived, long Outstanding, IReadOnlyList<InstalmentResponse> Instalments)
{
    public static PlanResponse? From(InstalmentPlan? plan) => plan is null
        ? null
        : new(plan.Id, plan.Total, plan.Status, plan.LateChargeWaived, plan.Outstanding,
            [.. plan.Instalments.Select(i => new InstalmentResponse(i.Number, i.DueOn, i.Amount, i.Paid))]);
}

public sealed record RecourseResponse(
    Guid Id,
    Guid ClaimId,
    Guid GuaranteeId,
    string CustomerId,
    string FundCode,
    RecourseCategory Category,
    RecourseStatus Status,
    DateOnly OpenedOn,
    long OpeningPrincipal,
    DateOnly BalanceOn,
    long Principal,
    long LateCharge,
    long Costs,
    long Balance,
    long LateChargeWaived,
    DateOnly LimitationExpiresOn,
    LimitationInterruption? LimitationInterruptedBy,
    bool HasKnownAssets,
    string? AssignedOfficer,
    DateOnly? LastRecoveryOn,
    RecourseGrade Grade,
    string GradeRule,
    string? Buyer,
    long? SalePrice,
    DateOnly? ClosedOn,
    PlanResponse? Plan)
{
    public static RecourseResponse From(RecourseClaim r, DateOnly asOf)
    {
        var balance = r.BalanceOn(asOf);
        var (grade, rule) = RecourseGrading.Grade(r.GradingFacts, asOf);
        return new(r.Id, r.ClaimId, r.GuaranteeId, r.CustomerId, r.FundCode, r.Category, r.Status, r.OpenedOn, r.OpeningPrincipal,
            asOf, balance.Principal, balance.LateCharge, balance.Costs, balance.Total, r.LateChargeWaived, r.LimitationExpiresOn,
            r.LimitationInterruptedBy, r.HasKnownAssets, r.AssignedOfficer, r.LastRecoveryOn, grade, rule.Name, r.Buyer, r.SalePrice, r.ClosedOn, PlanResponse.From(r.Plan));
    }
}

public sealed record RecoveryResponse(Guid RecoveryId, long Amount, long ToCosts, long ToLateCharge, long ToPrincipal, RecourseResponse Recourse);

public static class RecourseEndpoints
{
    public static RouteGroupBuilder MapRecourseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subrogation/recourse").WithTags("Recourse claims").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        int[] refusals = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity];
        group.MapGet("/", ListRecourse).WithName("ListRecourseClaims").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Recourse claims by customer, status or book (paged)");
        group.MapGet("/{recourseId:guid}", GetRecourse).WithName("GetRecourseClaim").RequireRoles(EndpointSupport.Readers)
            .WithSummary("A recourse claim with its balance (principal, late charge, costs) and grade as of a day")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{recourseId:guid}/recoveries", RecordRecovery).WithName("RecordRecovery").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Records a recovery (회수), applied costs → late charge → principal; never more than the balance")
            .ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/costs", AddCost).WithName("AddRecourseCost").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Adds a legal or collection cost recoverable from the debtor").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/principal-reductions", ReducePrincipal).WithName("ReduceRecoursePrincipal").RequireRoles(EndpointSupport.Writers)
            .WithSummary("원금감면: reduces the principal").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/write-off", WriteOff).WithName("WriteOffRecourseClaim").RequireRoles(EndpointSupport.Writers)
            .WithSummary("상각: moves the claim to special claims (특수채권), still collected").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/sale", Sell).WithName("SellRecourseClaim").RequireRoles(EndpointSupport.Writers)
            .WithSummary("매각 to KAMCO or an SPC at a price: management ends").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/extinguishment", Extinguish).WithName("ExtinguishRecourseClaim").RequireRoles(EndpointSupport.Writers)
            .WithSummary("소각: the debt is given up, management ends").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/exemption", Exempt).WithName("ExemptRecourseClaim").RequireRoles(EndpointSupport.Writers)
            .WithSummary("면제 on the debtor's death or disability (서민금융법 제54조제6항)").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/instalment-plan", AgreePlan).WithName("AgreeInstalmentPlan").RequireRoles(EndpointSupport.Writers)
            .WithSummary("분할상환 약정 over the balance; with a waiver the late charge owed is waived and stops while the plan is kept (서민금융법 제55조)")
            .ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/instalment-plan/check", CheckPlan).WithName("CheckInstalmentPlan").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Applies the plan's missed-payment default rule on a day (the nightly job does this for every plan)")
            .ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/instalment-plan/reinstatement", ReinstatePlan).WithName("ReinstateInstalmentPlan").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Reinstates a defaulted plan once its arrears are paid").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/deferral", Defer).WithName("DeferRecourseClaim").RequireRoles(EndpointSupport.Writers)
            .WithSummary("상환유예 under a board resolution (recorded)").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/deferral/end", EndDeferral).WithName("EndRecourseDeferral").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Ends a deferral: collection resumes").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/collection-stay", StayCollection).WithName("StayRecourseCollection").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Registers 개인회생 or 신용회복: collection stays while it runs").ProducesProblems(refusals);
        group.MapPost("/{recourseId:guid}/collection-stay/end", EndStay).WithName("EndRecourseCollectionStay").RequireRoles(EndpointSupport.Writers)
            .WithSummary("The rehabilitation or credit-recovery case ended: discharge (면책) extinguishes the claim, dismissal resumes collection")
            .ProducesProblems(refusals);
        return group;
    }

    public static async Task<Ok<RecourseResponse>> AgreePlan(Guid recourseId, AgreePlanRequest request, ClaimsPrincipal user, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = request.On ?? EndpointSupport.Today(services.Clock);
        var count = EndpointSupport.Required(request.Instalments, "instalments");
        var plan = recourse.AgreeInstalments(Guid.CreateVersion7(), count, request.FirstDueOn ?? on.AddMonths(1), request.WaiveLateCharge ?? false, on);
        services.Outbox.Publish(new RepaymentPlanAgreed
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, CustomerId = recourse.CustomerId, Total = plan.Total,
            Instalments = plan.Instalments.Count, LateChargeWaived = plan.LateChargeWaived, OccurredAt = services.Clock.GetUtcNow(),
        });
        Audit(services, recourse, "instalmentPlan", plan.Total);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    public static async Task<Ok<RecourseResponse>> CheckPlan(Guid recourseId, OnRequest request, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = request.On ?? EndpointSupport.Today(services.Clock);
        if (recourse.CheckPlan(on))
        {
            services.Outbox.Publish(new RepaymentPlanDefaulted
            {
                EventId = MessageIds.NewId(), RecourseId = recourse.Id, CustomerId = recourse.CustomerId, DefaultedOn = on,
                OccurredAt = services.Clock.GetUtcNow(),
            });
            Audit(services, recourse, "instalmentPlanDefaulted", recourse.Plan!.Outstanding);
        }

        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    public static Task<Ok<RecourseResponse>> ReinstatePlan(Guid recourseId, OnRequest request, [AsParameters] RecourseServices services, CancellationToken cancellationToken) =>
        ChangeAsync(recourseId, request.On, "instalmentPlanReinstated", null, (r, on) => r.ReinstatePlan(on), services, cancellationToken);

    public static Task<Ok<RecourseResponse>> Defer(Guid recourseId, DeferRequest request, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var resolution = EndpointSupport.Required(request.BoardResolution, "boardResolution");
        return ChangeAsync(recourseId, request.On, "deferred", resolution, (r, on) => r.Defer(on), services, cancellationToken);
    }

    public static Task<Ok<RecourseResponse>> EndDeferral(Guid recourseId, OnRequest request, [AsParameters] RecourseServices services, CancellationToken cancellationToken) =>
        ChangeAsync(recourseId, request.On, "deferralEnded", null, (r, on) => r.EndDeferral(on), services, cancellationToken);

    public static async Task<Ok<RecourseResponse>> StayCollection(
        Guid recourseId, StayCollectionRequest request, ClaimsPrincipal user, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var kind = EndpointSupport.Required(request.Kind, "kind");
        var caseNumber = EndpointSupport.Required(request.CaseNumber, "caseNumber");
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = request.On ?? EndpointSupport.Today(services.Clock);
        var before = recourse.Status;
        recourse.StayCollection(on);
        services.Db.ReliefCases.Add(new ReliefCase
        {
            Id = Guid.CreateVersion7(), RecourseId = recourse.Id, Kind = kind, CaseNumber = caseNumber, RegisteredOn = on, RegisteredBy = EndpointSupport.Actor(user),
        });
        services.Outbox.Publish(new RecourseCollectionStayed
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, CustomerId = recourse.CustomerId, CaseKind = kind.ToString(), StayedOn = on,
            OccurredAt = services.Clock.GetUtcNow(),
        });
        services.Audit.Record(new AuditEntry(AuditAction.Change, "RecourseClaim", recourse.Id.ToString())
        {
            Reason = $"{kind} {caseNumber}",
            Changes = [new("collectionStayed", before.ToString(), recourse.Status.ToString())],
        });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    /// <summary>Ends the running case: discharge extinguishes the claim (소각, on the books), dismissal resumes collection.</summary>
    public static async Task<Ok<RecourseResponse>> EndStay(
        Guid recourseId, EndStayRequest request, ClaimsPrincipal user, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var outcome = EndpointSupport.Required(request.Outcome, "outcome");
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = request.On ?? EndpointSupport.Today(services.Clock);
        var relief = await services.Db.ReliefCases.Where(c => c.RecourseId == recourseId && c.EndedOn == null).OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new IllegalStateTransitionException(recourse.Status.ToString(), "end a collection stay");
        var before = recourse.Status;
        var actor = EndpointSupport.Actor(user);
        var now = services.Clock.GetUtcNow();
        if (outcome == ReliefOutcome.Discharged)
        {
            var book = Book(recourse);
            var principal = recourse.Discharge(on);
            Move(services, recourse, book, Movement.Extinguished, on, principal, relief.Id, actor, count: 1);
            services.Outbox.Publish(new RecourseExtinguished
            {
                EventId = MessageIds.NewId(), RecourseId = recourse.Id, CustomerId = recourse.CustomerId, Principal = principal,
                Reason = relief.Kind == ReliefCaseKind.PersonalRehabilitation ? "개인회생 면책" : "신용회복 완제", ExtinguishedOn = on, OccurredAt = now,
            });
        }
        else
        {
            recourse.ResumeCollection(on);
        }

        relief.EndedOn = on;
        relief.Outcome = outcome;
        relief.EndedBy = actor;
        services.Outbox.Publish(new RecourseCollectionStayEnded
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, CustomerId = recourse.CustomerId, CaseKind = relief.Kind.ToString(),
            Outcome = outcome.ToString(), EndedOn = on, OccurredAt = now,
        });
        services.Audit.Record(new AuditEntry(AuditAction.Change, "RecourseClaim", recourse.Id.ToString())
        {
            Reason = $"{relief.Kind} {relief.CaseNumber} {outcome}",
            Changes = [new("collectionStayEnded", before.ToString(), recourse.Status.ToString())],
        });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    private static async Task<Ok<RecourseResponse>> ChangeAsync(
        Guid recourseId, DateOnly? requestedOn, string what, string? reason, Action<RecourseClaim, DateOnly> change, RecourseServices services, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = requestedOn ?? EndpointSupport.Today(services.Clock);
        var before = recourse.Status;
        change(recourse, on);
        services.Audit.Record(new AuditEntry(AuditAction.Change, "RecourseClaim", recourse.Id.ToString())
        {
            Reason = reason,
            Changes = [new(what, before.ToString(), recourse.Status.ToString())],
        });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    public sealed record RecourseServices(SubrogationDbContext Db, IOutbox Outbox, IAuditTrail Audit, TimeProvider Clock);

    public static async Task<Ok<PagedResult<RecourseResponse>>> ListRecourse(
        SubrogationDbContext db,
        TimeProvider clock,
        string? customerId,
        RecourseStatus? status,
        RecourseCategory? category,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize);
        var query = db.RecourseClaims.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(customerId))
        {
            query = query.Where(r => r.CustomerId == customerId);
        }

        if (status is { } s)
        {
            query = query.Where(r => r.Status == s);
        }

        if (category is { } c)
        {
            query = query.Where(r => r.Category == c);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(r => r.Id).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        var today = EndpointSupport.Today(clock);
        return TypedResults.Ok(window.Of<RecourseResponse>([.. items.Select(r => RecourseResponse.From(r, today))], total));
    }

    public static async Task<Ok<RecourseResponse>> GetRecourse(Guid recourseId, DateOnly? asOf, SubrogationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(db, recourseId, cancellationToken);
        var on = asOf ?? EndpointSupport.Today(clock);
        if (on < recourse.AccruedThrough)
        {
            throw new DomainValidationException("asOf", $"The balance is known from {recourse.AccruedThrough:yyyy-MM-dd}; ask for that day or later.");
        }

        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    public static async Task<Created<RecoveryResponse>> RecordRecovery(
        Guid recourseId,
        RecordRecoveryRequest request,
        ClaimsPrincipal user,
        [AsParameters] RecourseServices services,
        CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var amount = EndpointSupport.Required(request.Amount, "amount");
        var on = request.RecoveredOn ?? EndpointSupport.Today(services.Clock);
        var category = recourse.Category;
        var allocation = recourse.Recover(amount, on);
        var actor = EndpointSupport.Actor(user);
        var now = services.Clock.GetUtcNow();
        var recovery = new RecoveryRecord
        {
            Id = Guid.CreateVersion7(), RecourseId = recourse.Id, RecoveredOn = on, Amount = amount, ToCosts = allocation.Costs,
            ToLateCharge = allocation.LateCharge, ToPrincipal = allocation.Principal, Source = request.Source?.Trim() ?? "direct",
            RecordedBy = actor, RecordedAt = now,
        };
        services.Db.Recoveries.Add(recovery);
        Move(services, recourse, category == RecourseCategory.Special ? PortfolioCategory.Special : PortfolioCategory.Recourse,
            Movement.Recovered, on, allocation.Principal, recovery.Id, actor, count: recourse.IsOpen ? 0 : 1);
        services.Outbox.Publish(new RecourseRecovered
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, RecoveryId = recovery.Id, CustomerId = recourse.CustomerId,
            FundCode = recourse.FundCode, Amount = amount, ToCosts = allocation.Costs, ToLateCharge = allocation.LateCharge,
            ToPrincipal = allocation.Principal, RecoveredOn = on, OccurredAt = now,
        });
        Audit(services, recourse, "recovered", amount);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created(
            $"/api/subrogation/recourse/{recourse.Id}",
            new RecoveryResponse(recovery.Id, amount, allocation.Costs, allocation.LateCharge, allocation.Principal, RecourseResponse.From(recourse, on)));
    }

    public static async Task<Ok<RecourseResponse>> AddCost(Guid recourseId, AmountOnRequest request, ClaimsPrincipal user, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = request.On ?? EndpointSupport.Today(services.Clock);
        var amount = EndpointSupport.Required(request.Amount, "amount");
        recourse.AddCost(amount, on);
        Audit(services, recourse, "cost", amount);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    public static async Task<Ok<RecourseResponse>> ReducePrincipal(Guid recourseId, AmountOnRequest request, ClaimsPrincipal user, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = request.On ?? EndpointSupport.Today(services.Clock);
        var amount = EndpointSupport.Required(request.Amount, "amount");
        recourse.ReducePrincipal(amount, on);
        Move(services, recourse, Book(recourse), Movement.Reduced, on, amount, Guid.CreateVersion7(), EndpointSupport.Actor(user), count: 0);
        services.Outbox.Publish(new RecoursePrincipalReduced
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, CustomerId = recourse.CustomerId, Amount = amount, ReducedOn = on,
            OccurredAt = services.Clock.GetUtcNow(),
        });
        Audit(services, recourse, "principalReduced", amount);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    public static async Task<Ok<RecourseResponse>> WriteOff(Guid recourseId, OnRequest request, ClaimsPrincipal user, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = request.On ?? EndpointSupport.Today(services.Clock);
        var principal = recourse.WriteOff(on);
        var actor = EndpointSupport.Actor(user);
        var source = Guid.CreateVersion7();
        Move(services, recourse, PortfolioCategory.Recourse, Movement.WrittenOff, on, principal, source, actor, count: 1);
        Move(services, recourse, PortfolioCategory.Special, Movement.New, on, principal, source, actor, count: 1);
        services.Outbox.Publish(new RecourseWrittenOff
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, CustomerId = recourse.CustomerId, Principal = principal, WrittenOffOn = on,
            OccurredAt = services.Clock.GetUtcNow(),
        });
        Audit(services, recourse, "writtenOff", principal);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    public static async Task<Ok<RecourseResponse>> Sell(Guid recourseId, SellRequest request, ClaimsPrincipal user, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = request.On ?? EndpointSupport.Today(services.Clock);
        var book = Book(recourse);
        var price = EndpointSupport.Required(request.Price, "price");
        var bookValue = recourse.Sell(request.Buyer ?? "", price, on);
        Move(services, recourse, book, Movement.Sold, on, bookValue, Guid.CreateVersion7(), EndpointSupport.Actor(user), count: 1);
        services.Outbox.Publish(new RecourseSold
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, CustomerId = recourse.CustomerId, Buyer = recourse.Buyer!, BookValue = bookValue,
            Price = price, SoldOn = on, OccurredAt = services.Clock.GetUtcNow(),
        });
        Audit(services, recourse, "sold", bookValue);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    public static Task<Ok<RecourseResponse>> Extinguish(Guid recourseId, OnRequest request, ClaimsPrincipal user, [AsParameters] RecourseServices services, CancellationToken cancellationToken) =>
        EndAsync(recourseId, request.On, "소각", (r, on) => r.Extinguish(on), user, services, cancellationToken);

    public static Task<Ok<RecourseResponse>> Exempt(Guid recourseId, ExemptRequest request, ClaimsPrincipal user, [AsParameters] RecourseServices services, CancellationToken cancellationToken)
    {
        var reason = EndpointSupport.Required(request.Reason, "reason");
        return EndAsync(recourseId, request.On, reason == ExemptionReason.Death ? "면제(사망)" : "면제(장애)", (r, on) => r.Exempt(on), user, services, cancellationToken);
    }

    private static async Task<Ok<RecourseResponse>> EndAsync(
        Guid recourseId, DateOnly? requestedOn, string reason, Func<RecourseClaim, DateOnly, long> end, ClaimsPrincipal user, RecourseServices services, CancellationToken cancellationToken)
    {
        var recourse = await FindAsync(services.Db, recourseId, cancellationToken);
        var on = requestedOn ?? EndpointSupport.Today(services.Clock);
        var book = Book(recourse);
        var principal = end(recourse, on);
        Move(services, recourse, book, Movement.Extinguished, on, principal, Guid.CreateVersion7(), EndpointSupport.Actor(user), count: 1);
        services.Outbox.Publish(new RecourseExtinguished
        {
            EventId = MessageIds.NewId(), RecourseId = recourse.Id, CustomerId = recourse.CustomerId, Principal = principal, Reason = reason,
            ExtinguishedOn = on, OccurredAt = services.Clock.GetUtcNow(),
        });
        Audit(services, recourse, reason, principal);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RecourseResponse.From(recourse, on));
    }

    private static PortfolioCategory Book(RecourseClaim recourse) =>
        recourse.Category == RecourseCategory.Special ? PortfolioCategory.Special : PortfolioCategory.Recourse;

    private static void Move(RecourseServices services, RecourseClaim recourse, PortfolioCategory book, Movement movement, DateOnly on, long won, Guid source, string actor, int count) =>
        services.Db.Movements.Add(BookMovement.Of(book, movement, recourse.FundCode, on, count, won, source, recourse.Id, actor, services.Clock.GetUtcNow()));

    private static void Audit(RecourseServices services, RecourseClaim recourse, string what, long amount) =>
        services.Audit.Record(new AuditEntry(AuditAction.Change, "RecourseClaim", recourse.Id.ToString())
        {
            Changes = [new(what, null, amount.ToString(CultureInfo.InvariantCulture)), new("status", null, recourse.Status.ToString())],
        });

    private static async Task<RecourseClaim> FindAsync(SubrogationDbContext db, Guid recourseId, CancellationToken cancellationToken) =>
        await db.RecourseClaims.SingleOrDefaultAsync(r => r.Id == recourseId, cancellationToken)
        ?? throw new NotFoundException($"Recourse claim {recourseId} does not exist.");
}
