namespace Seomin.Reconciliation;

/// <summary>Configuration section <c>Reconciliation</c>.</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>Whether the scheduled job runs (the on-demand command works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduled job reconciles the current month to date.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A key booked less than this long before the measurement may still be on its way to the target.</summary>
    public TimeSpan SettleWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Base URL per service (service discovery names by default).</summary>
    public Dictionary<string, string> Services { get; set; } = new(StringComparer.Ordinal)
    {
        [Measures.GuaranteeService] = "http://guarantee",
        [Measures.SubrogationService] = "http://subrogation",
        [Measures.ContributionsService] = "http://contributions",
        [Measures.DormantAssetsService] = "http://dormant-assets",
        [Measures.CounselingService] = "http://counseling",
    };

    /// <summary>The token service (client credentials) and the job's client.</summary>
    public string TokenEndpoint { get; set; } = "http://identity/connect/token";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Space-separated scopes the job's token asks for (the services it reads).</summary>
    public string Scopes { get; set; } = "guarantee subrogation contributions dormant-assets counseling";
}
