using Seomin.Access;

namespace Seomin.Counseling.Api.Endpoints;

/// <summary>
/// Who may call the counseling service (deny by default: every endpoint names its callers here). Counselors write;
/// auditors and the officers who serve the same customers also read. A restricted customer's timeline additionally
/// needs the supervisor role (checked in the handler).
/// </summary>
public static class CounselingAccess
{
    public static readonly string[] Writers = [StaffRoles.Counselor];

    public static readonly string[] Readers =
    [
        StaffRoles.Counselor, StaffRoles.Auditor, StaffRoles.GuaranteeOfficer, StaffRoles.RecourseOfficer, StaffRoles.DormantAssetOfficer,
    ];

    public static TBuilder ForWriters<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRoles(Writers);

    public static TBuilder ForReaders<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRoles(Readers);
}
