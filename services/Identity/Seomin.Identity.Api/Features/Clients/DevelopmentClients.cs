using Seomin.Access;

namespace Seomin.Identity.Api.Features.Clients;

/// <summary>
/// Clients seeded in Development only (the same ids, secrets, roles, scopes and quotas as the gateway's former token
/// service, so the README's curl examples keep working), listed in services/Identity/README.md. Their secrets are
/// public knowledge (<c>&lt;client id&gt;-secret</c>): never seed them outside Development.
/// </summary>
public static class DevelopmentClients
{
    public static IReadOnlyList<ClientRegistration> All { get; } =
    [
        Internal("dev-guarantee-officer", "Guarantee officer (dev)", StaffRoles.GuaranteeOfficer),
        Internal("dev-counselor", "Counselor (dev)", StaffRoles.Counselor),
        Internal("dev-recourse-officer", "Recourse officer (dev)", StaffRoles.RecourseOfficer),
        Internal("dev-contributions-officer", "Contributions officer (dev)", StaffRoles.ContributionsOfficer),
        Internal("dev-dormant-asset-officer", "Dormant-asset officer (dev)", StaffRoles.DormantAssetOfficer),
        Internal("dev-auditor", "Auditor (dev)", StaffRoles.Auditor),
        Internal("dev-admin", "Administrator (dev)", StaffRoles.Administrator),
        Internal("dev-operator", "Operator (dev)", StaffRoles.Operator),
        Partner("dev-partner-alpha", "Alpha Fintech (dev)", "ALPHAFIN01", 10, 10_000,
            Scopes.ProductsRead, Scopes.GuaranteesApply, Scopes.DormantAssetsLookup, Scopes.DormantAssetsClaim),
        Partner("dev-partner-beta", "Beta Fintech (dev)", "BETAFIN002", 5, 1_000, Scopes.ProductsRead, Scopes.GuaranteesApply),
        Institution("dev-institution-088", "Institution 088 (dev)", "088"),
        Institution("dev-institution-004", "Institution 004 (dev)", "004"),
    ];

    public static string SecretOf(string clientId) => $"{clientId}-secret";

    public static async Task SeedAsync(ClientRegistry registry, CancellationToken cancellationToken)
    {
        foreach (var client in All)
        {
            if (!await registry.ExistsAsync(client.ClientId, cancellationToken))
            {
                await registry.CreateAsync(client, SecretOf(client.ClientId), cancellationToken);
            }
        }
    }

    // Internal systems may call every service's API; their roles decide what they may do there.
    private static ClientRegistration Internal(string clientId, string name, string role) =>
        new(clientId, name, ClientTypes.Internal, ApiScopes.All, [role], null, null, 50, 500_000);

    private static ClientRegistration Partner(string clientId, string name, string partnerCode, int perSecond, int perDay, params string[] scopes) =>
        new(clientId, name, ClientTypes.Partner, scopes, [], partnerCode, null, perSecond, perDay);

    private static ClientRegistration Institution(string clientId, string name, string institutionCode) =>
        new(clientId, name, ClientTypes.Institution, [Scopes.ContributionsFile, Scopes.DormantAssetsTransfer, Scopes.SubrogationClaim], [], null, institutionCode, 20, 200_000);
}
