using Seomin.Reconciliation;

namespace Seomin.Reconciliation.Tests;

public sealed class ReconcilerTests
{
    private static readonly DateTimeOffset MeasuredAt = new(2026, 3, 31, 15, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(2);
    private static readonly ReconciliationRule FeesRule = ReconciliationRules.Platform[0];

    private static ControlTotalsReport Report(string service, string measure, string? fund, IReadOnlyList<ControlKey>? keys, PublishedMessages? pending = null, long? count = null, long? won = null) =>
        new(service, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), MeasuredAt,
            [new ControlMeasure(measure, fund, count ?? keys?.Count ?? 0, won ?? keys?.Sum(k => k.Won) ?? 0, keys)],
            new MessageFlow(pending is null ? [] : [pending], []));

    private static ControlKey Key(string key, long won, int hoursAgo = 5) => new(key, won, MeasuredAt.AddHours(-hoursAgo));

    private static ControlTotalsReport Guarantee(params ControlKey[] keys) => Report("guarantee", Measures.FeesPaid, "KINFA-SUPPLEMENTARY", keys);

    private static ControlTotalsReport Ledger(params ControlKey[] keys) => Report("contributions", Measures.LedgerFeesIn, "KINFA-SUPPLEMENTARY", keys);

    [Fact]
    public void Equal_books_are_balanced()
    {
        var result = Assert.Single(Reconciler.Compare(FeesRule, Guarantee(Key("fee-1", 162_443), Key("fee-2", 8_010)), Ledger(Key("fee-2", 8_010), Key("fee-1", 162_443)), Settle));

        Assert.Equal(ReconciliationStatus.Balanced, result.Status);
        Assert.Empty(result.Differences);
        Assert.Equal(170_453, result.SourceWon);
    }

    [Fact]
    public void A_fee_the_ledger_never_booked_is_a_real_difference_naming_its_key()
    {
        var result = Assert.Single(Reconciler.Compare(FeesRule, Guarantee(Key("fee-1", 162_443), Key("fee-2", 8_010)), Ledger(Key("fee-1", 162_443)), Settle));

        Assert.Equal(ReconciliationStatus.Different, result.Status);
        var difference = Assert.Single(result.Differences);
        Assert.Equal((DifferenceKind.MissingInTarget, "fee-2", 8_010L, false), (difference.Kind, difference.Key, difference.SourceWon!.Value, difference.InFlight));
    }

    [Fact]
    public void A_fee_booked_within_the_settle_window_is_in_flight_not_different()
    {
        var fresh = new ControlKey("fee-2", 8_010, MeasuredAt.AddSeconds(-30));

        var result = Assert.Single(Reconciler.Compare(FeesRule, Guarantee(Key("fee-1", 162_443), fresh), Ledger(Key("fee-1", 162_443)), Settle));

        Assert.Equal(ReconciliationStatus.InFlight, result.Status);
        Assert.True(Assert.Single(result.Differences).InFlight);
    }

    [Fact]
    public void A_fee_whose_event_still_waits_in_the_outbox_is_in_flight_however_old()
    {
        var old = Key("fee-2", 8_010, hoursAgo: 3);
        var pending = new PublishedMessages("guarantee.fee-paid", 10, 1, old.At);
        var source = Report("guarantee", Measures.FeesPaid, "KINFA-SUPPLEMENTARY", [Key("fee-1", 162_443), old], pending);

        var result = Assert.Single(Reconciler.Compare(FeesRule, source, Ledger(Key("fee-1", 162_443)), Settle));

        Assert.Equal(ReconciliationStatus.InFlight, result.Status);
    }

    [Fact]
    public void An_outbox_row_pending_only_since_after_the_fee_does_not_excuse_it()
    {
        var old = Key("fee-2", 8_010, hoursAgo: 3);
        var pending = new PublishedMessages("guarantee.fee-paid", 10, 1, MeasuredAt.AddMinutes(-10));
        var source = Report("guarantee", Measures.FeesPaid, "KINFA-SUPPLEMENTARY", [Key("fee-1", 162_443), old], pending);

        var result = Assert.Single(Reconciler.Compare(FeesRule, source, Ledger(Key("fee-1", 162_443)), Settle));

        Assert.Equal(ReconciliationStatus.Different, result.Status);
    }

    [Fact]
    public void A_posting_the_source_never_made_and_a_changed_amount_are_both_real()
    {
        var result = Assert.Single(Reconciler.Compare(FeesRule, Guarantee(Key("fee-1", 162_443)), Ledger(Key("fee-1", 162_000), Key("fee-9", 5_340)), Settle));

        Assert.Equal(ReconciliationStatus.Different, result.Status);
        Assert.Equal(
            [(DifferenceKind.AmountMismatch, "fee-1"), (DifferenceKind.MissingInSource, "fee-9")],
            result.Differences.Select(d => (d.Kind, d.Key)).ToList());
        Assert.All(result.Differences, d => Assert.False(d.InFlight));
    }

    [Fact]
    public void A_key_booked_twice_in_the_ledger_is_an_amount_mismatch()
    {
        var result = Assert.Single(Reconciler.Compare(FeesRule, Guarantee(Key("fee-1", 8_010)), Ledger(Key("fee-1", 8_010), Key("fee-1", 8_010)), Settle));

        var difference = Assert.Single(result.Differences);
        Assert.Equal((DifferenceKind.AmountMismatch, 8_010L, 16_020L), (difference.Kind, difference.SourceWon!.Value, difference.TargetWon!.Value));
    }

    [Fact]
    public void Same_totals_with_swapped_keys_are_not_balanced()
    {
        var result = Assert.Single(Reconciler.Compare(FeesRule, Guarantee(Key("fee-1", 5_000)), Ledger(Key("fee-7", 5_000)), Settle));

        Assert.Equal(ReconciliationStatus.Different, result.Status);
        Assert.Equal(2, result.Differences.Count);
    }

    [Fact]
    public void Funds_are_reconciled_separately()
    {
        var source = new ControlTotalsReport("guarantee", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), MeasuredAt,
            [new ControlMeasure(Measures.FeesPaid, "KINFA-SUPPLEMENTARY", 1, 1_000, [Key("a", 1_000)]),
             new ControlMeasure(Measures.FeesPaid, "INCHEON-BASE", 1, 2_000, [Key("b", 2_000)])],
            new MessageFlow([], []));
        var target = new ControlTotalsReport("contributions", source.From, source.To, MeasuredAt,
            [new ControlMeasure(Measures.LedgerFeesIn, "KINFA-SUPPLEMENTARY", 1, 1_000, [Key("a", 1_000)]),
             new ControlMeasure(Measures.LedgerFeesIn, "KINFA-SELF-SUFFICIENCY", 1, 2_000, [Key("b", 2_000)])],
            new MessageFlow([], []));

        var results = Reconciler.Compare(FeesRule, source, target, Settle).ToDictionary(r => r.FundCode!);

        Assert.Equal(ReconciliationStatus.Balanced, results["KINFA-SUPPLEMENTARY"].Status);
        Assert.Equal(DifferenceKind.MissingInTarget, Assert.Single(results["INCHEON-BASE"].Differences).Kind);
        Assert.Equal(DifferenceKind.MissingInSource, Assert.Single(results["KINFA-SELF-SUFFICIENCY"].Differences).Kind);
    }

    [Fact]
    public void Totals_that_differ_without_keys_are_different()
    {
        var source = Report("guarantee", Measures.FeesPaid, null, null, count: 2, won: 10_000);
        var target = Report("contributions", Measures.LedgerFeesIn, null, null, count: 1, won: 5_000);

        Assert.Equal(ReconciliationStatus.Different, Assert.Single(Reconciler.Compare(FeesRule, source, target, Settle)).Status);
    }

    [Fact]
    public void The_overall_status_is_the_worst_rule()
    {
        Assert.Equal(ReconciliationStatus.Different, Reconciler.Overall([ReconciliationStatus.Balanced, ReconciliationStatus.Different, ReconciliationStatus.InFlight]));
        Assert.Equal(ReconciliationStatus.Incomplete, Reconciler.Overall([ReconciliationStatus.Different, ReconciliationStatus.Incomplete]));
        Assert.Equal(ReconciliationStatus.Balanced, Reconciler.Overall([]));
    }

    [Fact]
    public void The_period_is_validated()
    {
        Assert.Throws<Seomin.ServiceDefaults.Problems.DomainValidationException>(() => ControlTotalsEndpoints.Period(new DateOnly(2026, 3, 31), new DateOnly(2026, 3, 1)));
        Assert.Throws<Seomin.ServiceDefaults.Problems.DomainValidationException>(() => ControlTotalsEndpoints.Period(null, new DateOnly(2026, 3, 1)));
        Assert.Throws<Seomin.ServiceDefaults.Problems.DomainValidationException>(() => ControlTotalsEndpoints.Period(new DateOnly(2025, 1, 1), new DateOnly(2026, 1, 2)));
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 15, 0, 0, TimeSpan.Zero), ControlTotalsEndpoints.Period(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)).Start.ToUniversalTime());
    }

    [Fact]
    public void The_report_page_escapes_what_it_shows()
    {
        var run = new ReconciliationRun(Guid.NewGuid(), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), MeasuredAt, MeasuredAt, "<script>",
            ReconciliationStatus.Different, 1, 0,
            [new RuleResult("r", "F", 1, 8_010, 0, 0, ReconciliationStatus.Different, [new Difference(DifferenceKind.MissingInTarget, "fee-<2>", 8_010, null, MeasuredAt, false)])],
            [], []);

        var html = ReconciliationEndpoints.Html(run);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("fee-&lt;2&gt;", html, StringComparison.Ordinal);
        Assert.Contains("8,010", html, StringComparison.Ordinal);
    }
}
