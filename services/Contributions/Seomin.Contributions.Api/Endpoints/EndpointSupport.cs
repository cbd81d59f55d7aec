using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.BusinessTime;
using Seomin.Contributions.Api.Data;
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

/// <summary>A caller reached for an institution's records it may not act for (403).</summary>
public sealed class InstitutionAccessDeniedException(string message) : Exception(message);

/// <summary>
/// Which institutions a caller may see: staff and internal callers every one; an institution client its own code and,
/// when its code is a federation's (시행령 제42조 제7항), the members that file through it.
/// </summary>
public sealed record InstitutionScope(IReadOnlySet<string>? Codes)
{
    public bool IsEveryone => Codes is null;

    public bool Allows(string institutionCode) => Codes is null || Codes.Contains(institutionCode);

    public static async Task<InstitutionScope> ForAsync(ClaimsPrincipal user, ContributionsDbContext db, CancellationToken cancellationToken)
    {
        if (!user.IsInstitution())
        {
            return new InstitutionScope((IReadOnlySet<string>?)null);
        }

        var own = user.GetInstitutionCode() ?? throw new InstitutionAccessDeniedException("The institution token carries no institution_code.");
        var members = await db.Institutions.Where(i => i.FederationCode == own).Select(i => i.Code).ToListAsync(cancellationToken);
        return new InstitutionScope(new HashSet<string>([own, .. members], StringComparer.Ordinal));
    }

    /// <summary>For writes: refuses (403) an institution the caller does not act for.</summary>
    public void EnsureAllows(string institutionCode)
    {
        if (!Allows(institutionCode))
        {
            throw new InstitutionAccessDeniedException($"This client does not act for institution {institutionCode}.");
        }
    }
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
