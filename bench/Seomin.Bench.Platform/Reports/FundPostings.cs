using System.Text.Json;
using Seomin.Bench.Platform.Flows;

namespace Seomin.Bench.Platform.Reports;

/// <summary>
/// The fund ledger's own postings since a snapshot, summed per fund and source type (<c>guarantee.fee-paid</c>,
/// <c>guarantee.fee-refunded</c>, <c>subrogation.paid</c>, …) with their effect on the fund's balance (credit − debit
/// on <c>FundCapital</c>, as the service derives the balance). Tells which kind of money a balance difference is.
/// </summary>
internal static class FundPostings
{
    public static async Task<Dictionary<(string Fund, string SourceType), (long Count, long Effect)>> SinceAsync(
        Actors actors, Snapshot before, IEnumerable<string> funds, CancellationToken ct)
    {
        var sums = new Dictionary<(string, string), (long, long)>();
        foreach (var fund in funds)
        {
            var from = before.Values.GetValueOrDefault($"fund.{fund}.sequence");
            var first = await actors.Contributions.GetAsync("report.fund-entries", $"/api/contributions/funds/{fund}/entries?page=1&pageSize=1", ct);
            if (!first.Ok)
            {
                continue;
            }

            var total = first.Json!.Value.GetProperty("totalCount").GetInt64();
            // Entries come in sequence order; the first new one is at most at index `from` (sequences start at 1).
            for (var page = (int)(Math.Max(0, Math.Min(from, total) - 1) / 100) + 1; (page - 1) * 100L < total; page++)
            {
                var answer = await actors.Contributions.GetAsync("report.fund-entries", $"/api/contributions/funds/{fund}/entries?page={page}&pageSize=100", ct);
                if (!answer.Ok)
                {
                    break;
                }

                foreach (var entry in answer.Json!.Value.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("sequence").GetInt64() > from))
                {
                    var key = (fund, entry.GetProperty("sourceType").GetString()!);
                    var effect = entry.GetProperty("lines").EnumerateArray()
                        .Where(IsFundCapital)
                        .Sum(l => l.GetProperty("credit").GetInt64() - l.GetProperty("debit").GetInt64());
                    var (count, won) = sums.GetValueOrDefault(key);
                    sums[key] = (count + 1, won + effect);
                }
            }
        }

        return sums;
    }

    /// <summary>The account as the service writes it: its name (any casing) or its number (FundCapital is 1).</summary>
    private static bool IsFundCapital(JsonElement line) => line.GetProperty("account") is var account && account.ValueKind == JsonValueKind.String
        ? string.Equals(account.GetString(), "FundCapital", StringComparison.OrdinalIgnoreCase)
        : account.GetInt32() == 1;
}
