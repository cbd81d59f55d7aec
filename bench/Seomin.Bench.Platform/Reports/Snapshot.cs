using System.Text.Json;
using Seomin.Bench.Platform.Flows;

namespace Seomin.Bench.Platform.Reports;

/// <summary>
/// The figures every service reports, read through the gateway: Guarantee's supply and outstanding reports,
/// Subrogation's roll-forward for the year, Contributions' fund balances and collection report, DormantAssets'
/// monthly disclosure. The replay compares the change between two snapshots with the generator's own totals.
/// </summary>
internal sealed class Snapshot
{
    public Dictionary<string, long> Values { get; } = new(StringComparer.Ordinal);

    public static async Task<Snapshot> TakeAsync(Actors actors, int year, string disclosureMonth, CancellationToken ct)
    {
        var s = new Snapshot();
        var supply = await actors.Guarantee.GetAsync("report.guarantee-supply", $"/api/guarantees/reports/supply?year={year}", ct);
        if (supply.Json is { } sj && supply.Ok)
        {
            foreach (var line in sj.GetProperty("products").EnumerateArray().Where(l => l.GetProperty("productCode").GetString() == "WORKER_SUNSHINE"))
            {
                s.Values["supply.count"] = line.GetProperty("suppliedCount").GetInt64();
                s.Values["supply.won"] = line.GetProperty("suppliedAmount").GetInt64();
            }
        }

        var outstanding = await actors.Guarantee.GetAsync("report.guarantee-outstanding", "/api/guarantees/reports/outstanding", ct);
        if (outstanding.Json is { } oj && outstanding.Ok)
        {
            s.Values["outstanding.count"] = oj.GetProperty("totalCount").GetInt64();
            s.Values["outstanding.loan-balance.won"] = oj.GetProperty("totalLoanBalance").GetInt64();
        }

        var roll = await actors.Recourse.GetAsync("report.subrogation-roll-forward", $"/api/subrogation/reports/roll-forward?from={year}-01-01&to={year}-12-31", ct);
        if (roll.Json is { } rj && roll.Ok)
        {
            foreach (var book in rj.GetProperty("books").EnumerateArray())
            {
                var category = book.GetProperty("category").GetString()!.ToLowerInvariant();
                foreach (var movement in book.GetProperty("movements").EnumerateObject())
                {
                    var name = movement.Name.ToLowerInvariant();
                    s.Values[$"roll.{category}.{name}.count"] = movement.Value.GetProperty("count").GetInt64();
                    s.Values[$"roll.{category}.{name}.won"] = movement.Value.GetProperty("won").GetInt64();
                }

                s.Values[$"roll.{category}.closing.count"] = book.GetProperty("closing").GetProperty("count").GetInt64();
            }
        }

        var thisYear = Modes.ReplayMode.SeoulToday().Year;
        var rollNow = await actors.Recourse.GetAsync("report.subrogation-roll-forward", $"/api/subrogation/reports/roll-forward?from={thisYear}-01-01&to={thisYear}-12-31", ct);
        if (rollNow.Json is { } nj && rollNow.Ok)
        {
            foreach (var book in nj.GetProperty("books").EnumerateArray())
            {
                var category = book.GetProperty("category").GetString()!.ToLowerInvariant();
                foreach (var movement in book.GetProperty("movements").EnumerateObject())
                {
                    s.Values[$"rollnow.{category}.{movement.Name.ToLowerInvariant()}.count"] = movement.Value.GetProperty("count").GetInt64();
                    s.Values[$"rollnow.{category}.{movement.Name.ToLowerInvariant()}.won"] = movement.Value.GetProperty("won").GetInt64();
                }
            }
        }

        var funds = await actors.Contributions.GetAsync("report.contributions-funds", "/api/contributions/funds", ct);
        if (funds.Json is { } fj && funds.Ok)
        {
            foreach (var fund in Items(fj))
            {
                s.Values[$"fund.{fund.GetProperty("fundCode").GetString()}.balance.won"] = fund.GetProperty("balance").GetInt64();
                s.Values[$"fund.{fund.GetProperty("fundCode").GetString()}.sequence"] = fund.GetProperty("sequence").GetInt64();
            }
        }

        var collection = await actors.Contributions.GetAsync("report.contributions-collection", $"/api/contributions/reports/collection?from={year}-01&to={year}-12", ct);
        if (collection.Json is { } cj && collection.Ok)
        {
            var total = cj.GetProperty("total");
            s.Values["collection.assessments"] = total.GetProperty("assessments").GetInt64();
            s.Values["collection.assessed.won"] = total.GetProperty("assessed").GetInt64();
            s.Values["collection.paid.won"] = total.GetProperty("paid").GetInt64();
        }

        var disclosure = await actors.Dormant.GetAsync("report.dormant-disclosure", $"/api/dormant-assets/disclosure/monthly?month={disclosureMonth}", ct);
        if (disclosure.Json is { } dj && disclosure.Ok)
        {
            var total = dj.GetProperty("total");
            s.Values["dormant.transferred.count"] = total.GetProperty("transferredCount").GetInt64();
            s.Values["dormant.transferred.won"] = total.GetProperty("transferredAmount").GetInt64();
            s.Values["dormant.paid.count"] = total.GetProperty("paidCount").GetInt64();
            s.Values["dormant.paid.won"] = total.GetProperty("paidAmount").GetInt64();
        }

        return s;
    }

    private static IEnumerable<JsonElement> Items(JsonElement json) =>
        json.ValueKind == JsonValueKind.Array ? json.EnumerateArray() : json.GetProperty("items").EnumerateArray();

    public long Delta(Snapshot before, string key) => Values.GetValueOrDefault(key) - before.Values.GetValueOrDefault(key);
}

/// <summary>One line of the comparison: what the generator sent and the gateway accepted, against a report's change.</summary>
internal sealed record Check(string Report, string Figure, long Expected, long Reported, bool Compared = true)
{
    public bool Matches => !Compared || Expected == Reported;
}

internal static class Comparison
{
    /// <summary>The checks for a replay: the report's change between the snapshots against the generator's totals.</summary>
    public static List<Check> Checks(Totals t, Snapshot before, Snapshot after)
    {
        long D(string key) => after.Delta(before, key);
        var fundDelta = t["fund.KINFA-SUPPLEMENTARY.contributions.won"] + t["fund.KINFA-SUPPLEMENTARY.fees.won"] - t["fund.KINFA-SUPPLEMENTARY.refunds.won"]
            - t["fund.KINFA-SUPPLEMENTARY.subrogation.won"] + t["fund.KINFA-SUPPLEMENTARY.recoveries.won"];
        return
        [
            new("guarantee supply (WORKER_SUNSHINE, year)", "loans executed (count)", t["guarantee.loans-executed"], D("supply.count")),
            new("guarantee supply (WORKER_SUNSHINE, year)", "loans executed (won)", t["guarantee.loans-executed.won"], D("supply.won")),
            new("guarantee outstanding", "live guarantees (count)", t["guarantee.live"] - t["subrogation.paid"], D("outstanding.count")),
            new("guarantee outstanding", "loan balance (won)", t["guarantee.live.balance.won"] - t["subrogation.accident-balance.won"], D("outstanding.loan-balance.won")),
            new("subrogation roll-forward (accident book)", "new accidents (count)", t["guarantee.accidents"], D("roll.accident.new.count")),
            // Normalisation is booked on the event's time and claims are filed and paid today (see docs/benchmarks/replay.md): this year's roll-forward.
            new("subrogation roll-forward (accident book, this year)", "normalised (count)", t["guarantee.cures"], D("rollnow.accident.normalised.count")),
            new("subrogation roll-forward (accident book, this year)", "subrogated (count)", t["subrogation.paid"], D("rollnow.accident.subrogated.count")),
            new("subrogation roll-forward (recourse book, this year)", "recourse claims opened (count)", t["subrogation.paid"], D("rollnow.recourse.new.count")),
            new("subrogation roll-forward (recourse book, this year)", "recourse claims opened (won)", t["subrogation.paid.won"], D("rollnow.recourse.new.won")),
            // The book's count moves only when a claim leaves it: the driver's recoveries are a tenth of each claim, so none does.
            new("subrogation roll-forward (recourse book, this year)", "claims closed by recovery (count; partial recoveries move won only)", 0, D("rollnow.recourse.recovered.count")),
            new("subrogation roll-forward (recourse book, this year)", "recoveries (won)", t["subrogation.recoveries.won"], D("rollnow.recourse.recovered.won")),
            new("fund ledger INCHEON-BASE", "balance change: the year's contributions (won)", t["fund.INCHEON-BASE.contributions.won"], D("fund.INCHEON-BASE.balance.won")),
            new("fund ledger KINFA-SUPPLEMENTARY", "balance change: contributions + fees − refunds − subrogation + recoveries (won)", fundDelta, D("fund.KINFA-SUPPLEMENTARY.balance.won")),
            new("dormant disclosure (this month)", "transferred (count)", t["dormant.transferred"], D("dormant.transferred.count")),
            new("dormant disclosure (this month)", "transferred (won)", t["dormant.transferred.won"], D("dormant.transferred.won")),
            new("dormant disclosure (this month)", "paid claims (count)", t["dormant.claims.paid"], D("dormant.paid.count")),
            new("dormant disclosure (this month)", "paid principal (won)", t["dormant.paid.principal.won"], D("dormant.paid.won")),
        ];
    }

    public static string Render(IEnumerable<Check> checks)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("| report | figure | generator | report (change) | same? |");
        text.AppendLine("|---|---|---:|---:|---|");
        foreach (var c in checks)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"| {c.Report} | {c.Figure} | {c.Expected:N0} | {c.Reported:N0} | {(c.Compared ? (c.Matches ? "yes" : "**NO**") : "(shown)")} |");
        }

        return text.ToString();
    }
}
