using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Seomin.Access;

/// <summary>
/// Passes when the caller has one of the staff roles (staff and internal tokens only) or one of the scopes (partner and
/// institution tokens). Endpoints say who may call them with <see cref="AccessEndpointConventions"/>.
/// </summary>
public sealed class AccessRequirement(IReadOnlyList<string> roles, IReadOnlyList<string> scopes)
    : AuthorizationHandler<AccessRequirement>, IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles => roles;

    public IReadOnlyList<string> Scopes => scopes;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (requirement.Roles.Any(context.User.HasRole) || requirement.Scopes.Any(context.User.HasScope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    public override string ToString() =>
        $"roles: {string.Join(", ", Roles)}; scopes: {string.Join(", ", Scopes)}";
}

public static class AccessEndpointConventions
{
    /// <summary>Only staff or internal callers with one of <paramref name="roles"/>.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(new AccessRequirement(roles, [])));

    /// <summary>Only partner or institution callers with one of <paramref name="scopes"/>.</summary>
    public static TBuilder RequireScopes<TBuilder>(this TBuilder builder, params string[] scopes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(new AccessRequirement([], scopes)));

    /// <summary>Staff with one of <paramref name="roles"/>, or a partner/institution with one of <paramref name="scopes"/>.</summary>
    public static TBuilder RequireRolesOrScopes<TBuilder>(this TBuilder builder, string[] roles, string[] scopes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(new AccessRequirement(roles, scopes)));
}
