namespace Seomin.Access;

/// <summary>
/// Audiences (<c>aud</c>) of access tokens: one per service, and the gateway's. The token service puts a service's
/// audience into a token only when the token's scopes name that service (<see cref="ApiScopes"/>) or a partner or
/// institution scope that the service serves (<see cref="Scopes.Audiences"/>).
/// </summary>
public static class Audiences
{
    public const string Gateway = "gateway";
    public const string Guarantee = "guarantee";
    public const string Counseling = "counseling";
    public const string Subrogation = "subrogation";
    public const string Contributions = "contributions";
    public const string DormantAssets = "dormant-assets";

    public static readonly IReadOnlyList<string> Services = [Guarantee, Counseling, Subrogation, Contributions, DormantAssets];
}

/// <summary>
/// OAuth scopes that name a service's API, requested by staff and internal clients (the scope's name is the
/// service's audience). A staff member signing in asks for the ones they use; roles decide what they may do there.
/// </summary>
public static class ApiScopes
{
    public static readonly IReadOnlyList<string> All = Audiences.Services;
}

/// <summary>Staff roles (the <c>role</c> claim): on people signed in and on internal systems' clients.</summary>
public static class StaffRoles
{
    public const string GuaranteeOfficer = "guarantee-officer";
    public const string RecourseOfficer = "recourse-officer";
    public const string ContributionsOfficer = "contributions-officer";
    public const string DormantAssetOfficer = "dormant-asset-officer";
    public const string Counselor = "counselor";

    /// <summary>A counselor who may also read restricted customers' timelines (held together with <see cref="Counselor"/>).</summary>
    public const string CounselingSupervisor = "counseling-supervisor";
    public const string Auditor = "auditor";
    public const string Administrator = "administrator";
    public const string Operator = "operator";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        GuaranteeOfficer, RecourseOfficer, ContributionsOfficer, DormantAssetOfficer, Counselor, CounselingSupervisor, Auditor, Administrator, Operator,
    };
}

/// <summary>Scopes of partner fintechs and financial institutions, and the audiences each one puts into a token.</summary>
public static class Scopes
{
    // Partner fintechs (client type "partner").
    public const string ProductsRead = "products:read";
    public const string GuaranteesApply = "guarantees:apply";
    public const string DormantAssetsLookup = "dormant-assets:lookup";
    public const string DormantAssetsClaim = "dormant-assets:claim";

    // Financial institutions (client type "institution"), always limited to their own institution code.
    public const string ContributionsFile = "contributions:file";
    public const string DormantAssetsTransfer = "dormant-assets:transfer";
    public const string SubrogationClaim = "subrogation:claim";

    public static readonly IReadOnlySet<string> Partner = new HashSet<string>(StringComparer.Ordinal)
    {
        ProductsRead, GuaranteesApply, DormantAssetsLookup, DormantAssetsClaim,
    };

    public static readonly IReadOnlySet<string> Institution = new HashSet<string>(StringComparer.Ordinal)
    {
        ContributionsFile, DormantAssetsTransfer, SubrogationClaim,
    };

    /// <summary>The audiences a partner or institution scope grants, besides the gateway's.</summary>
    public static readonly IReadOnlyDictionary<string, string> Audiences = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ProductsRead] = Access.Audiences.Guarantee,
        [GuaranteesApply] = Access.Audiences.Guarantee,
        [DormantAssetsLookup] = Access.Audiences.DormantAssets,
        [DormantAssetsClaim] = Access.Audiences.DormantAssets,
        [ContributionsFile] = Access.Audiences.Contributions,
        [DormantAssetsTransfer] = Access.Audiences.DormantAssets,
        [SubrogationClaim] = Access.Audiences.Subrogation,
    };
}

/// <summary>What kind of caller a token belongs to (the <c>client_type</c> claim).</summary>
public static class ClientTypes
{
    /// <summary>A person signed in (authorization code + PKCE): <c>sub</c> is the employee number.</summary>
    public const string Staff = "staff";

    /// <summary>An internal system (client credentials) with staff roles: <c>sub</c> is its client id.</summary>
    public const string Internal = "internal";

    /// <summary>A partner fintech (client credentials) with partner scopes and a <c>partner_code</c>.</summary>
    public const string Partner = "partner";

    /// <summary>A financial institution (client credentials) with institution scopes and an <c>institution_code</c>.</summary>
    public const string Institution = "institution";
}

/// <summary>Claim names in Seomin access tokens (JWT, <c>typ: at+jwt</c>, RFC 9068), read without inbound mapping.</summary>
public static class SeominClaims
{
    /// <summary>The employee number of a person, or the client id of a system.</summary>
    public const string Subject = "sub";
    public const string ClientId = "client_id";
    public const string ClientType = "client_type";
    public const string Role = "role";

    /// <summary>Space-separated scopes (RFC 9068 §2.2.3); some issuers send one claim per scope, both are read.</summary>
    public const string Scope = "scope";
    public const string Name = "name";

    /// <summary>Branch or department of a person (e.g. <c>서울중앙지점</c>).</summary>
    public const string Branch = "branch";
    public const string PartnerCode = "partner_code";
    public const string InstitutionCode = "institution_code";

    /// <summary>Requests per second and per day this client may make through the gateway.</summary>
    public const string QuotaPerSecond = "quota_per_second";
    public const string QuotaPerDay = "quota_per_day";
    public const string TokenId = "jti";
    public const string IssuedAt = "iat";
    public const string AuthenticationMethods = "amr";
}
