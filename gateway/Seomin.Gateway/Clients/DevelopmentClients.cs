namespace Seomin.Gateway.Clients;

/// <summary>
/// Clients seeded in Development only, documented in the README and docs/partner-guide.md.
/// Their secrets are public knowledge: never seed them outside Development.
/// </summary>
public static class DevelopmentClients
{
    public sealed record Seed(ClientRecord Client, string Secret);

    public static IReadOnlyList<Seed> All { get; } =
    [
        Internal("dev-guarantee-officer", "Guarantee officer (dev)", Vocabulary.GuaranteeOfficer),
        Internal("dev-counselor", "Counselor (dev)", Vocabulary.Counselor),
        Internal("dev-recourse-officer", "Recourse officer (dev)", Vocabulary.RecourseOfficer),
        Internal("dev-contributions-officer", "Contributions officer (dev)", Vocabulary.ContributionsOfficer),
        Internal("dev-dormant-asset-officer", "Dormant-asset officer (dev)", Vocabulary.DormantAssetOfficer),
        Internal("dev-auditor", "Auditor (dev)", Vocabulary.Auditor),
        Internal("dev-admin", "Administrator (dev)", Vocabulary.Administrator),
        Partner("dev-partner-alpha", "Alpha Fintech (dev)", "ALPHAFIN01", 10, 10_000,
            Vocabulary.ProductsRead, Vocabulary.GuaranteesApply, Vocabulary.DormantAssetsLookup, Vocabulary.DormantAssetsClaim),
        Partner("dev-partner-beta", "Beta Fintech (dev)", "BETAFIN002", 5, 1_000,
            Vocabulary.ProductsRead, Vocabulary.GuaranteesApply),
    ];

    public static string SecretOf(string clientId) => $"{clientId}-secret";

    public static async Task SeedAsync(ClientStore store, CancellationToken cancellationToken)
    {
        foreach (var seed in All)
        {
            await store.TryCreateAsync(seed.Client, seed.Secret, cancellationToken);
        }
    }

    private static Seed Internal(string clientId, string name, string role) => new(
        new ClientRecord(clientId, name, ClientType.Internal, [role], [], null, 50, 500_000, ClientStatus.Active, DateTimeOffset.UnixEpoch, null),
        SecretOf(clientId));

    private static Seed Partner(string clientId, string name, string partnerCode, int perSecond, int perDay, params string[] scopes) => new(
        new ClientRecord(clientId, name, ClientType.Partner, [], scopes, partnerCode, perSecond, perDay, ClientStatus.Active, DateTimeOffset.UnixEpoch, null),
        SecretOf(clientId));
}
