using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Access;
using Seomin.Contributions.Api.Features.Filings;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Endpoints;

public sealed record EvidenceResponse(string FileName, string? Sha256, long? SizeBytes, string? Description);

public sealed record FilingResponse(
    Guid Id,
    string InstitutionCode,
    string Month,
    FilingKind Kind,
    Guid? CorrectsFilingId,
    string? CorrectionReason,
    long AverageLoanBalance,
    long AverageGuaranteedBalance,
    IReadOnlyList<EvidenceResponse> Evidence,
    FilingSource Source,
    int? SourceRow,
    string FiledBy,
    DateTimeOffset FiledAt,
    Guid? NettedIntoAssessmentId)
{
    public static FilingResponse From(Filing f) => new(
        f.Id, f.InstitutionCode, Domain.Month.Of(f.Month).ToString(), f.Kind, f.CorrectsFilingId, f.CorrectionReason, f.AverageLoanBalance, f.AverageGuaranteedBalance,
        f.Evidence.Select(e => new EvidenceResponse(e.FileName, e.Sha256, e.SizeBytes, e.Description)).ToList(), f.Source, f.SourceRow, f.FiledBy, f.FiledAt, f.NettedIntoAssessmentId);
}

public sealed record FileUploadResponse(int Accepted, IReadOnlyList<FilingResponse> Filings);

public static class FilingEndpoints
{
    public static RouteGroupBuilder MapFilingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contributions/filings").WithTags("Filings").WithStandardProblems()
            .AddEndpointFilter<InstitutionAccessFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", FileMonth).WithName("FileContributionMonth")
            .RequireRolesOrScopes(EndpointSupport.Writers, EndpointSupport.InstitutionScopes)
            .WithSummary("Files a month's average balances (출연기준대출금, KINFA-guaranteed loans) with evidence metadata; a correction names the month's latest filing")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapPost("/csv", FileCsv).WithName("FileContributionCsv")
            .RequireRolesOrScopes(EndpointSupport.Writers, EndpointSupport.InstitutionScopes)
            .Accepts<string>("text/csv")
            .WithSummary($"Files many months from a CSV body (text/csv; columns {FilingIntake.CsvColumns}): all or nothing, every bad row listed as rows[n].field")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/", ListFilings).WithName("ListContributionFilings")
            .RequireRolesOrScopes(EndpointSupport.Readers, EndpointSupport.InstitutionScopes)
            .WithSummary("Filings, newest first, by institution and month (paged); an institution client sees only its own");
        group.MapGet("/{filingId:guid}", GetFiling).WithName("GetContributionFiling")
            .RequireRolesOrScopes(EndpointSupport.Readers, EndpointSupport.InstitutionScopes)
            .WithSummary("One filing with its evidence").ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Created<FilingResponse>> FileMonth(
        FilingInput request, ClaimsPrincipal user, ContributionsDbContext db, FilingIntake intake, CancellationToken cancellationToken)
    {
        var scope = await InstitutionScope.ForAsync(user, db, cancellationToken);
        var filing = await intake.FileAsync(request, scope, EndpointSupport.Actor(user), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/contributions/filings/{filing.Id}", FilingResponse.From(filing));
    }

    public static async Task<Created<FileUploadResponse>> FileCsv(
        HttpRequest request, ClaimsPrincipal user, ContributionsDbContext db, FilingIntake intake, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var scope = await InstitutionScope.ForAsync(user, db, cancellationToken);
        var filings = await intake.FileCsvAsync(text, scope, EndpointSupport.Actor(user), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created("/api/contributions/filings", new FileUploadResponse(filings.Count, filings.Select(FilingResponse.From).ToList()));
    }

    public static async Task<Ok<PagedResult<FilingResponse>>> ListFilings(
        ClaimsPrincipal user, ContributionsDbContext db, string? institutionCode, string? month, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize);
        var scope = await InstitutionScope.ForAsync(user, db, cancellationToken);
        var query = db.Filings.AsNoTracking();
        if (!scope.IsEveryone)
        {
            query = query.Where(f => scope.Codes!.Contains(f.InstitutionCode));
        }

        if (!string.IsNullOrWhiteSpace(institutionCode))
        {
            query = query.Where(f => f.InstitutionCode == institutionCode);
        }

        if (month is not null)
        {
            var start = EndpointSupport.RequiredMonth(month, "month").FirstDay;
            query = query.Where(f => f.Month == start);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(f => f.FiledAt).ThenByDescending(f => f.Id).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of(items.Select(FilingResponse.From).ToList(), total));
    }

    public static async Task<Ok<FilingResponse>> GetFiling(Guid filingId, ClaimsPrincipal user, ContributionsDbContext db, CancellationToken cancellationToken)
    {
        var scope = await InstitutionScope.ForAsync(user, db, cancellationToken);
        var filing = await db.Filings.AsNoTracking().SingleOrDefaultAsync(f => f.Id == filingId, cancellationToken);
        // Another institution's filing is answered as unknown: its existence is not disclosed.
        return filing is null || !scope.Allows(filing.InstitutionCode)
            ? throw new NotFoundException($"No filing {filingId}.")
            : TypedResults.Ok(FilingResponse.From(filing));
    }
}
