using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Api.Features.Transfers;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api.Endpoints;

/// <summary>One line of a JSON transfer batch (the same fields as a file's columns).</summary>
public sealed record TransferLineRequest(string? Name, string? Rrn, string? Address, long? Amount, string? AssetType, string? AccountNumber, string? LimitationCompletedOn);

public sealed record TransferBatchRequest(string? BatchReference, string? InstitutionName, InstitutionSector? Sector, IReadOnlyList<TransferLineRequest>? Lines);

public sealed record RejectionResponse(int LineNumber, string Code, string Reason);

public sealed record BatchResponse(
    Guid Id,
    string InstitutionCode,
    string InstitutionName,
    InstitutionSector Sector,
    string BatchReference,
    string ContentHash,
    int TotalLines,
    int AcceptedLines,
    int RejectedLines,
    long AcceptedAmount,
    DateOnly TransferredOn,
    DateTimeOffset CompletedAt)
{
    public static BatchResponse From(TransferBatch b) => new(
        b.Id, b.InstitutionCode, b.InstitutionName, b.Sector, b.BatchReference, b.ContentHash, b.TotalLines, b.AcceptedLines, b.RejectedLines,
        b.AcceptedAmount, b.TransferredOn, b.CompletedAt);
}

/// <summary>Transfer batches (출연) from institutions: a streamed CSV file or a JSON list, and what became of every line.</summary>
public static class TransferEndpoints
{
    /// <summary>A JSON batch is for small transfers; a file has no line limit.</summary>
    public const int MaxJsonLines = 10_000;

    public static RouteGroupBuilder MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{EndpointSupport.BasePath}/transfers/batches").WithTags("Transfers").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", SubmitJson).WithName("SubmitDormantTransferBatch").RequireScopes(Scopes.DormantAssetsTransfer)
            .WithSummary("An institution's transfer batch (출연) as JSON (up to 10,000 lines); bad lines are rejected with their number and reason")
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/file", SubmitFile).WithName("UploadDormantTransferFile").RequireScopes(Scopes.DormantAssetsTransfer)
            .Accepts<string>("text/csv")
            .WithSummary("An institution's transfer batch as a CSV file (header name,rrn,address,amount,assetType,accountNumber,limitationCompletedOn), streamed")
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{batchId:guid}", GetBatch).WithName("GetDormantTransferBatch")
            .RequireRolesOrScopes(EndpointSupport.Readers, [Scopes.DormantAssetsTransfer])
            .WithSummary("One batch: lines accepted and rejected, amount transferred").ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{batchId:guid}/rejections", ListRejections).WithName("ListDormantTransferRejections")
            .RequireRolesOrScopes(EndpointSupport.Readers, [Scopes.DormantAssetsTransfer])
            .WithSummary("The rejected lines of a batch with their line numbers and reasons (paged)").ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Created<BatchResponse>> SubmitJson(TransferBatchRequest request, ClaimsPrincipal user, TransferImport import, CancellationToken cancellationToken)
    {
        var lines = request.Lines ?? throw new DomainValidationException("lines", "lines is required.");
        if (lines.Count is 0 or > MaxJsonLines)
        {
            throw new DomainValidationException("lines", $"A JSON batch has 1 to {MaxJsonLines} lines; send larger batches as a file.");
        }

        var header = Header(user, request.BatchReference, request.InstitutionName, request.Sector);
        var batch = await import.ImportAsync(header, Enumerate(lines), cancellationToken);
        return TypedResults.Created($"{EndpointSupport.BasePath}/transfers/batches/{batch.Id}", BatchResponse.From(batch));
    }

    public static async Task<Created<BatchResponse>> SubmitFile(
        HttpContext http, string? batchReference, string? institutionName, InstitutionSector? sector, ClaimsPrincipal user, TransferImport import, CancellationToken cancellationToken)
    {
        var header = Header(user, batchReference, institutionName, sector);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // A million lines are ~150 MB; the body is streamed, never buffered.
            limit.MaxRequestBodySize = 4L * 1024 * 1024 * 1024;
        }

        var batch = await import.ImportAsync(header, TransferLines.ReadCsvAsync(http.Request.Body, cancellationToken), cancellationToken);
        return TypedResults.Created($"{EndpointSupport.BasePath}/transfers/batches/{batch.Id}", BatchResponse.From(batch));
    }

    public static async Task<Results<Ok<BatchResponse>, NotFound>> GetBatch(Guid batchId, ClaimsPrincipal user, DormantAssetsDbContext db, CancellationToken cancellationToken)
    {
        var batch = await FindVisibleAsync(db, batchId, user, cancellationToken);
        return batch is null ? TypedResults.NotFound() : TypedResults.Ok(BatchResponse.From(batch));
    }

    public static async Task<Results<Ok<PagedResult<RejectionResponse>>, NotFound>> ListRejections(
        Guid batchId, int? page, int? pageSize, ClaimsPrincipal user, DormantAssetsDbContext db, CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize, maxPageSize: 1000);
        if (await FindVisibleAsync(db, batchId, user, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var query = db.Rejections.AsNoTracking().Where(r => r.BatchId == batchId);
        var items = await query.OrderBy(r => r.LineNumber).Skip(window.Skip).Take(window.Size)
            .Select(r => new RejectionResponse(r.LineNumber, r.Code, r.Reason)).ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of(items, await query.CountAsync(cancellationToken)));
    }

    /// <summary>An institution sees only its own batches; staff see all.</summary>
    private static Task<TransferBatch?> FindVisibleAsync(DormantAssetsDbContext db, Guid batchId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var institution = user.GetInstitutionCode();
        return db.Batches.AsNoTracking()
            .SingleOrDefaultAsync(b => b.Id == batchId && (institution == null || b.InstitutionCode == institution), cancellationToken);
    }

    private static BatchHeader Header(ClaimsPrincipal user, string? batchReference, string? institutionName, InstitutionSector? sector)
    {
        var institution = user.GetInstitutionCode() ?? throw new ConflictException("Only an institution's client (institution_code) transfers batches.");
        return new BatchHeader(
            institution,
            EndpointSupport.Required(institutionName, "institutionName", 100),
            EndpointSupport.Required(sector, "sector"),
            EndpointSupport.Required(batchReference, "batchReference", 100),
            user.GetClientId() ?? EndpointSupport.Actor(user));
    }

    private static async IAsyncEnumerable<RawLine> Enumerate(IReadOnlyList<TransferLineRequest> lines)
    {
        await Task.CompletedTask;
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            yield return new RawLine(i + 1, [
                l.Name ?? "", l.Rrn ?? "", l.Address ?? "", l.Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                l.AssetType ?? "", l.AccountNumber ?? "", l.LimitationCompletedOn ?? "",
            ]);
        }
    }
}
