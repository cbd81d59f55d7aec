using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Api.Features.Certificates;

namespace Seomin.Subrogation.Api.Endpoints;

public sealed record IssueCertificateRequest(DateOnly? AsOf);

/// <summary>A certificate as issued (and as verified later: the stored figures, not today's balance).</summary>
public sealed record CertificateResponse(
    string Number, Guid RecourseId, string CustomerId, string DebtorNameMasked, string DebtorRrnMasked, DateOnly AsOf,
    long Principal, long LateCharge, long Costs, long Total, string IssuedBy, DateTimeOffset IssuedAt)
{
    public static CertificateResponse From(BalanceCertificate c) => new(
        c.Number, c.RecourseId, c.CustomerId, c.DebtorNameMasked, c.DebtorRrnMasked, c.AsOf, c.Principal, c.LateCharge, c.Costs, c.Total, c.IssuedBy, c.IssuedAt);
}

public static class CertificateEndpoints
{
    public const string Issuer = "서민금융 보증기관 구상채권 관리";

    public static IEndpointRouteBuilder MapCertificateEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/subrogation/recourse").WithTags("Certificates").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .MapPost("/{recourseId:guid}/certificates", Issue).WithName("IssueBalanceCertificate").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Issues a debt-balance certificate (채무잔액 확인서): principal, late charge and costs as of a day, under a verifiable number")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        var group = app.MapGroup("/api/subrogation/certificates").WithTags("Certificates").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{number}", Verify).WithName("VerifyBalanceCertificate").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Verifies a certificate number: what was certified, as issued").ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{number}/pdf", Pdf).WithName("GetBalanceCertificatePdf").RequireRoles(EndpointSupport.Readers)
            .WithSummary("The certificate as a PDF").Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Created<CertificateResponse>> Issue(
        Guid recourseId, IssueCertificateRequest request, ClaimsPrincipal user, CertificateIssuer issuer, CancellationToken cancellationToken)
    {
        var certificate = await issuer.IssueAsync(recourseId, request.AsOf, EndpointSupport.Actor(user), cancellationToken);
        return TypedResults.Created($"/api/subrogation/certificates/{certificate.Number}", CertificateResponse.From(certificate));
    }

    public static async Task<Ok<CertificateResponse>> Verify(string number, SubrogationDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(CertificateResponse.From(await FindAsync(db, number, cancellationToken)));

    public static async Task<FileContentHttpResult> Pdf(string number, SubrogationDbContext db, CancellationToken cancellationToken)
    {
        var certificate = await FindAsync(db, number, cancellationToken);
        return TypedResults.File(CertificatePdf.Render(certificate, Issuer), "application/pdf", $"{certificate.Number}.pdf");
    }

    private static async Task<BalanceCertificate> FindAsync(SubrogationDbContext db, string number, CancellationToken cancellationToken) =>
        await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Number == number, cancellationToken)
        ?? throw new NotFoundException($"No certificate {number} was issued.");
}
