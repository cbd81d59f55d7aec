using System.Security.Claims;
using Seomin.Access;
using Seomin.ServiceDefaults.Problems;
using Seomin.BusinessTime;

namespace Seomin.Subrogation.Api.Endpoints;

internal static class EndpointSupport
{
    /// <summary>Roles that change claims and recourse: recourse officers.</summary>
    public static readonly string[] Writers = [StaffRoles.RecourseOfficer];

    /// <summary>Roles that read: recourse officers and auditors.</summary>
    public static readonly string[] Readers = [StaffRoles.RecourseOfficer, StaffRoles.Auditor];

    /// <summary>The acting employee (or system) for audit and maker-checker: the token's subject.</summary>
    public static string Actor(ClaimsPrincipal user) =>
        user.GetSubject() ?? throw new ConflictException("The token names no subject.");

    public static DateOnly Today(TimeProvider clock) => BusinessClock.SeoulDate(clock.GetUtcNow());

    public static T Required<T>(T? value, string field)
        where T : struct =>
        value ?? throw new DomainValidationException(field, $"{field} is required.");

    public static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainValidationException(field, $"{field} is required.") : value.Trim();
}
