using Microsoft.AspNetCore.Http.HttpResults;
using Seomin.Access;
using Seomin.Guarantee.Api.Features.SelfServiceRefund;
using Seomin.ServiceDefaults.Endpoints;

namespace Seomin.Guarantee.Api.Endpoints;

public sealed record RefundableRequest(string? VerificationId);

public sealed record SelfServiceRefundRequest(string? VerificationId, Guid GuaranteeId, string? BankCode, string? AccountNumber);

/// <summary>
/// The customer's own refund of overpaid fees, for the agency's app/web only (an internal client with the guarantee
/// officer role acting for the verified customer; staff and partners are refused). The customer is the person the
/// identity-verification id names, never a body field.
/// </summary>
public static class SelfServiceEndpoints
{
    public static RouteGroupBuilder MapSelfServiceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees/self-service").WithTags("Self-service refunds").WithStandardProblems()
            .RequireRoles(GuaranteeAccess.Writers)
            .RequireAuthorization(policy => policy.RequireClaim(SeominClaims.ClientType, ClientTypes.Internal));
        group.MapPost("/refundable", Refundable).WithName("SelfServiceRefundable")
            .WithSummary("The verified customer's guarantees and the overpaid fee refundable on each (net of anything owed)")
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/refunds", Refund).WithName("SelfServiceRefund")
            .WithSummary("Refund a guarantee's overpaid fee to an account in the verified customer's name, paid once")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Ok<RefundableView>> Refundable(RefundableRequest request, SelfServiceRefunds refunds, CancellationToken ct) =>
        TypedResults.Ok(await refunds.RefundableAsync(request.VerificationId, ct));

    public static async Task<Ok<RefundResult>> Refund(SelfServiceRefundRequest request, SelfServiceRefunds refunds, CancellationToken ct) =>
        TypedResults.Ok(await refunds.RequestAsync(request.VerificationId, request.GuaranteeId, request.BankCode, request.AccountNumber, ct));
}
