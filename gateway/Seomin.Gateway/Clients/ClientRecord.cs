namespace Seomin.Gateway.Clients;

public enum ClientType
{
    Internal,
    Partner,
}

public enum ClientStatus
{
    Active,
    Revoked,
}

/// <summary>A client of the gateway: an internal system or staff application (roles) or a partner fintech (scopes).</summary>
public sealed record ClientRecord(
    string ClientId,
    string DisplayName,
    ClientType Type,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Scopes,
    string? PartnerCode,
    int PerSecondLimit,
    int PerDayLimit,
    ClientStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => Status == ClientStatus.Active;
}

/// <summary>The vocabulary of staff roles and partner scopes the gateway knows.</summary>
public static class Vocabulary
{
    public const string GuaranteeOfficer = "guarantee-officer";
    public const string Counselor = "counselor";
    public const string RecourseOfficer = "recourse-officer";
    public const string ContributionsOfficer = "contributions-officer";
    public const string DormantAssetOfficer = "dormant-asset-officer";
    public const string Auditor = "auditor";
    public const string Administrator = "administrator";

    public const string ProductsRead = "products:read";
    public const string GuaranteesApply = "guarantees:apply";
    public const string DormantAssetsLookup = "dormant-assets:lookup";
    public const string DormantAssetsClaim = "dormant-assets:claim";

    public static readonly IReadOnlySet<string> Roles = new HashSet<string>(StringComparer.Ordinal)
    {
        GuaranteeOfficer, Counselor, RecourseOfficer, ContributionsOfficer, DormantAssetOfficer, Auditor, Administrator,
    };

    public static readonly IReadOnlySet<string> Scopes = new HashSet<string>(StringComparer.Ordinal)
    {
        ProductsRead, GuaranteesApply, DormantAssetsLookup, DormantAssetsClaim,
    };
}
