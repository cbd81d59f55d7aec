namespace Seomin.Contracts.Reconciliation;

/// <summary>
/// A reconciliation run found differences between two services' books that are not explained by events still in
/// flight (docs/adr/0022). Carries business keys (ledger entry ids, claim ids), never personal data.
/// </summary>
[MessageName("reconciliation.differences-found")]
public sealed record ReconciliationDifferencesFound
{
    public required Guid EventId { get; init; }
    public required Guid RunId { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required int Differences { get; init; }

    /// <summary>The rules that differ, e.g. <c>guarantee-fees-paid → fund ledger</c>.</summary>
    public required IReadOnlyList<string> Rules { get; init; }

    /// <summary>Up to 20 of the business keys involved.</summary>
    public required IReadOnlyList<string> SampleKeys { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
