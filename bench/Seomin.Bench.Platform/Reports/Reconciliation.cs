using Seomin.Bench.Platform.Flows;

namespace Seomin.Bench.Platform.Reports;

/// <summary>
/// The reconciliation run another change adds to Contributions (issue 18 item 1). The driver works without it: a 404
/// (or 405) says it is not deployed; when it answers, its result is printed as it came.
/// </summary>
internal static class Reconciliation
{
    public static async Task<string> TryRunAsync(Actors actors, int year, CancellationToken ct)
    {
        var answer = await actors.Contributions.PostAsync("contributions.reconciliation-run", "/api/contributions/reconciliation/runs",
            new { from = $"{year}-01-01", to = $"{year}-12-31", period = $"{year}" }, ct);
        return answer.Status switch
        {
            404 or 405 => $"not available on this build ({answer.Status})",
            _ => $"{answer.Status}: `{(answer.Body.Length > 3000 ? answer.Body[..3000] + "…" : answer.Body)}`",
        };
    }
}
