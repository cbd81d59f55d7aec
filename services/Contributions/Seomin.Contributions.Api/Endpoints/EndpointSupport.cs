using System.Security.Claims;
using Seomin.Access;
using Seomin.BusinessTime;
using Seomin.Contributions.Api.Features.Access;
using Seomin.Contributions.Domain;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Endpoints;

internal static class EndpointSupport
{
    /// <summary>Roles that change contributions, payments and ledgers: contributions officers.</summary>
    public static readonly string[] Writers = [StaffRoles.ContributionsOfficer];

    /// <summary>Roles that read: contributions officers and auditors.</summary>
    public static readonly string[] Readers = [StaffRoles.ContributionsOfficer, StaffRoles.Auditor];

    /// <summary>Institution clients file and read their own records.</summary>
    public static readonly string[] InstitutionScopes = [Scopes.ContributionsFile];

    public static string Actor(ClaimsPrincipal user) =>
        user.GetSubject() ?? throw new ConflictException("The token names no subject.");

    public static DateOnly Today(TimeProvider clock) => BusinessClock.SeoulDate(clock.GetUtcNow());

    public static T Required<T>(T? value, string field)
        where T : struct =>
        value ?? throw new DomainValidationException(field, $"{field} is required.");

    public static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainValidationException(field, $"{field} is required.") : value.Trim();

    public static Month RequiredMonth(string? value, string field) =>
        Month.TryParse(Required(value, field), out var month) ? month : throw new DomainValidationException(field, $"{field} must be a month, yyyy-MM.");
}

/// <summary>Turns <see cref="InstitutionAccessDeniedException"/> into a 403 Problem Details (errorCode <c>institution_forbidden</c>).</summary>
internal sealed class InstitutionAccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InstitutionAccessDeniedException e)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: e.Message,
                extensions: new Dictionary<string, object?> { [ErrorCodes.ExtensionName] = "institution_forbidden" });
        }
    }
}
