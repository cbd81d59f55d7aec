using Microsoft.AspNetCore.Http.HttpResults;
using Seomin.Identity.Api.Features.Revocation;

namespace Seomin.Identity.Api.Endpoints;

public sealed record ActiveRevocation(string? TokenId, string? Subject, string? ClientId, DateTimeOffset RevokedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Internal (the gateway does not route it): the revocation notices still in force, so a service instance that starts
/// after a notice was published can load it before it takes traffic.
/// </summary>
public static class RevocationEndpoints
{
    public static RouteGroupBuilder MapRevocationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/revocations").WithTags("Revocations");
        group.MapGet("/active", ActiveAsync)
            .AllowAnonymous()
            .WithName("GetActiveRevocations")
            .WithSummary("Revocation entries that can still match an unexpired access token");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<ActiveRevocation>>> ActiveAsync(AccessRevocation revocation, CancellationToken cancellationToken)
    {
        var entries = await revocation.ActiveAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ActiveRevocation>>(
            entries.Select(e => new ActiveRevocation(e.TokenId, e.Subject, e.ClientId, e.RevokedAt, e.ExpiresAt)).ToList());
    }
}
