using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contracts.Contributions;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Ledger;
using Seomin.Contributions.Domain.Ledger;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Endpoints;

public sealed record FundResponse(string FundCode, string Name, long Balance, long Sequence);

public sealed record LineResponse(LedgerAccount Account, long Debit, long Credit);

public sealed record EntryResponse(
    Guid Id, string FundCode, long Sequence, PostingKind Kind, string SourceType, string SourceId, long Amount, DateOnly On, string? Description,
    string? ContributorGroup, string? ContributorName, string? Programme, string? PlanLine, long BalanceAfter, string RecordedBy, IReadOnlyList<LineResponse> Lines)
{
    public static EntryResponse From(JournalEntry e) => new(
        e.Id, e.FundCode, e.Sequence, e.Kind, e.SourceType, e.SourceId, e.Amount, e.On, e.Description, e.ContributorGroup, e.ContributorName, e.Programme, e.PlanLine,
        e.BalanceAfter, e.RecordedBy, e.Lines.Select(l => new LineResponse(l.Account, l.Debit, l.Credit)).ToList());
}

public enum FundContributionKind
{
    /// <summary>To the fund's base capital (기본재산 출연).</summary>
    BaseCapital,

    /// <summary>Earmarked for a named programme (e.g. 코로나19 특례보증): <c>programme</c> is required.</summary>
    Special,
}

public sealed record FundContributionRequest(
    string? Reference, FundContributionKind? Kind, string? ContributorGroup, string? ContributorName, string? Programme, string? PlanLine, long? Amount, DateOnly? ReceivedOn);

public sealed record LossRequest(string? Reference, long? Amount, DateOnly? RecognisedOn, string? Description);

public sealed record PlanRequest(int? Year, string? PlanLine, string? Programme, long? Amount);

public sealed record PlanResponse(Guid Id, string FundCode, int Year, string PlanLine, string? Programme, long Amount);

public sealed record PostingResponse(EntryResponse Entry, bool AlreadyBooked);

public static class FundEndpoints
{
    public static RouteGroupBuilder MapFundEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contributions/funds").WithTags("Funds").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListFunds).WithName("ListGuaranteeFunds").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Every fund with its balance derived from its ledger entries and its last sequence");
        group.MapGet("/{fundCode}/entries", ListEntries).WithName("ListFundEntries").RequireRoles(EndpointSupport.Readers)
            .WithSummary("A fund's ledger entries in sequence, each with its two lines (paged)").ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{fundCode}/contributions", ContributeToFund).WithName("ContributeToFund").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Books a contribution to a fund by contributor: base capital (opening balances included) or special, earmarked for a programme; a reference books once")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapPost("/{fundCode}/losses", RecogniseLoss).WithName("RecogniseFundLoss").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Recognises a loss against the fund (결손금): debits the fund; a reference books once")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapPost("/{fundCode}/plans", AddPlan).WithName("AddContributionPlan").RequireRoles(EndpointSupport.Writers)
            .WithSummary("A planned contribution for a year and plan line (출연 계획), for plan vs actual")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<FundResponse>>> ListFunds(ContributionsDbContext db, CancellationToken cancellationToken)
    {
        var balances = await db.Lines.AsNoTracking().Where(l => l.Account == LedgerAccount.FundCapital)
            .GroupBy(l => l.FundCode).Select(g => new { g.Key, Balance = g.Sum(l => l.Credit - l.Debit) }).ToDictionaryAsync(x => x.Key, x => x.Balance, cancellationToken);
        var funds = await db.Funds.AsNoTracking().OrderBy(f => f.FundCode).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<FundResponse>>(funds.Select(f => new FundResponse(f.FundCode, f.Name, balances.GetValueOrDefault(f.FundCode), f.Sequence)).ToList());
    }

    public static async Task<Ok<PagedResult<EntryResponse>>> ListEntries(string fundCode, ContributionsDbContext db, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        EnsureFund(fundCode);
        var window = Paging.Normalise(page, pageSize);
        var query = db.Entries.AsNoTracking().Where(e => e.FundCode == fundCode);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.Include(e => e.Lines).OrderBy(e => e.Sequence).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of(items.Select(EntryResponse.From).ToList(), total));
    }

    public static async Task<Ok<PostingResponse>> ContributeToFund(
        string fundCode, FundContributionRequest request, ClaimsPrincipal user, ContributionsDbContext db, FundLedger ledger, IAuditTrail audit,
        CancellationToken cancellationToken)
    {
        EnsureFund(fundCode);
        var reference = EndpointSupport.Required(request.Reference, "reference");
        var kind = EndpointSupport.Required(request.Kind, "kind");
        var group = EndpointSupport.Required(request.ContributorGroup, "contributorGroup");
        var amount = PositiveWon(request.Amount, "amount");
        var on = EndpointSupport.Required(request.ReceivedOn, "receivedOn");
        var programme = string.IsNullOrWhiteSpace(request.Programme) ? null : request.Programme.Trim();
        if (kind == FundContributionKind.Special && programme is null)
        {
            throw new DomainValidationException("programme", "A special contribution names the programme it is earmarked for.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (entry, booked) = await ledger.PostAsync(new PostingRequest(
            fundCode, kind == FundContributionKind.Special ? PostingKind.SpecialContribution : PostingKind.BaseCapitalContribution, "fund-contribution", reference, amount, on,
            EndpointSupport.Actor(user), null, group, request.ContributorName?.Trim() ?? group, programme, request.PlanLine?.Trim()), cancellationToken);
        if (booked)
        {
            audit.Record(new AuditEntry(AuditAction.Create, "FundContribution", entry.Id.ToString())
            {
                Changes = [new("fundCode", null, fundCode), new("contributorGroup", null, group), new("amount", null, amount.ToString(CultureInfo.InvariantCulture))],
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new PostingResponse(EntryResponse.From(entry), !booked));
    }

    public static async Task<Ok<PostingResponse>> RecogniseLoss(
        string fundCode, LossRequest request, ClaimsPrincipal user, ContributionsDbContext db, FundLedger ledger, IAuditTrail audit, CancellationToken cancellationToken)
    {
        EnsureFund(fundCode);
        var reference = EndpointSupport.Required(request.Reference, "reference");
        var amount = PositiveWon(request.Amount, "amount");
        var on = EndpointSupport.Required(request.RecognisedOn, "recognisedOn");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (entry, booked) = await ledger.PostAsync(
            new PostingRequest(fundCode, PostingKind.LossRecognised, "fund-loss", reference, amount, on, EndpointSupport.Actor(user), request.Description?.Trim()), cancellationToken);
        if (booked)
        {
            audit.Record(new AuditEntry(AuditAction.Create, "FundLoss", entry.Id.ToString())
            {
                Changes = [new("fundCode", null, fundCode), new("amount", null, amount.ToString(CultureInfo.InvariantCulture))],
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new PostingResponse(EntryResponse.From(entry), !booked));
    }

    public static async Task<Created<PlanResponse>> AddPlan(
        string fundCode, PlanRequest request, ContributionsDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        EnsureFund(fundCode);
        var year = EndpointSupport.Required(request.Year, "year");
        var line = EndpointSupport.Required(request.PlanLine, "planLine");
        var amount = PositiveWon(request.Amount, "amount");
        var programme = string.IsNullOrWhiteSpace(request.Programme) ? null : request.Programme.Trim();
        if (await db.Plans.AnyAsync(p => p.FundCode == fundCode && p.Year == year && p.PlanLine == line && p.Programme == programme, cancellationToken))
        {
            throw new ConflictException($"{fundCode} already has a {year} plan for {line}{(programme is null ? "" : " / " + programme)}.");
        }

        var plan = new ContributionPlan { Id = Guid.CreateVersion7(), FundCode = fundCode, Year = year, PlanLine = line, Programme = programme, Amount = amount };
        db.Plans.Add(plan);
        audit.Record(new AuditEntry(AuditAction.Create, "ContributionPlan", plan.Id.ToString()) { Changes = [new("amount", null, amount.ToString(CultureInfo.InvariantCulture))] });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/contributions/funds/{fundCode}/plans/{plan.Id}", new PlanResponse(plan.Id, fundCode, year, line, programme, amount));
    }

    internal static void EnsureFund(string fundCode)
    {
        if (!FundCodes.All.Contains(fundCode))
        {
            throw new NotFoundException($"No fund {fundCode}; one of {string.Join(", ", FundCodes.All)}.");
        }
    }

    private static long PositiveWon(long? value, string field)
    {
        var won = EndpointSupport.Required(value, field);
        return won > 0 ? won : throw new DomainValidationException(field, $"{field} must be a positive whole number of won.");
    }
}
