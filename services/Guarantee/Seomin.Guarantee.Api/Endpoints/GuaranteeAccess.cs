using Seomin.Access;
using Seomin.Messaging;

namespace Seomin.Guarantee.Api.Endpoints;

/// <summary>
/// Who may call the guarantee service (deny by default: every endpoint names its callers here). Guarantee officers
/// write; auditors and counselors also read; partners reach only the product list and their own applications.
/// </summary>
public static class GuaranteeAccess
{
    public static readonly string[] Writers = [StaffRoles.GuaranteeOfficer];

    public static readonly string[] Readers = [StaffRoles.GuaranteeOfficer, StaffRoles.Auditor, StaffRoles.Counselor];

    public static readonly string[] AuditTrailReaders = [StaffRoles.Auditor, StaffRoles.Administrator];

    public static readonly string[] Operators = [StaffRoles.Administrator, StaffRoles.Operator];

    public static TBuilder ForWriters<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRoles(Writers);

    public static TBuilder ForReaders<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRoles(Readers);

    /// <summary>Any staff role, or a partner with <c>products:read</c>.</summary>
    public static TBuilder ForProductReaders<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRolesOrScopes([.. StaffRoles.All], [Scopes.ProductsRead]);

    /// <summary>Guarantee officers, or a partner with <c>guarantees:apply</c> (for its own partner code only).</summary>
    public static TBuilder ForApplicants<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRolesOrScopes(Writers, [Scopes.GuaranteesApply]);

    /// <summary>Staff readers, or a partner with <c>guarantees:apply</c> (its own applications only; others are 404).</summary>
    public static TBuilder ForApplicationReaders<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRolesOrScopes(Readers, [Scopes.GuaranteesApply]);

    /// <summary>The error-queue operations (<c>/ops/messaging/**</c>), for administrators and operators only.</summary>
    public static RouteGroupBuilder MapOperatorEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapMessagingOperatorEndpoints().RequireRoles(Operators);
}
