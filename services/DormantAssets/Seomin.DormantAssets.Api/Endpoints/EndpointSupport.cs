using System.Security.Claims;
using Seomin.Access;
using Seomin.BusinessTime;
using Seomin.DormantAssets.Domain;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api.Endpoints;

internal static class EndpointSupport
{
    public const string BasePath = "/api/dormant-assets";

    /// <summary>Roles that change claims: dormant-asset officers (the agency's own 찾아줌 app is an internal client with this role).</summary>
    public static readonly string[] Officers = [StaffRoles.DormantAssetOfficer];

    /// <summary>Roles that read: officers and auditors.</summary>
    public static readonly string[] Readers = [StaffRoles.DormantAssetOfficer, StaffRoles.Auditor];

    public static string Actor(ClaimsPrincipal user) =>
        user.GetSubject() ?? throw new ConflictException("The token names no subject.");

    public static DateOnly Today(TimeProvider clock) => BusinessClock.SeoulDate(clock.GetUtcNow());

    public static T Required<T>(T? value, string field)
        where T : struct =>
        value ?? throw new DomainValidationException(field, $"{field} is required.");

    public static string Required(string? value, string field, int maxLength = 200) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainValidationException(field, $"{field} is required.")
        : value.Trim().Length > maxLength ? throw new DomainValidationException(field, $"{field} must be at most {maxLength} characters.")
        : value.Trim();

    /// <summary>A claim on someone else's asset is 403 with the rule's code (the other refusals are 422).</summary>
    public static RouteGroupBuilder WithOwnershipProblems(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (NotTheOwnerException e)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden, title: "Not the owner", detail: e.Message,
                    extensions: new Dictionary<string, object?> { ["rule"] = NotTheOwnerException.Rule });
            }
        });
        return group;
    }
}
