namespace Seomin.Reconciliation.Tests;

public sealed class ControlRowsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keyed_rows_become_one_measure_per_fund_with_count_sum_and_sorted_keys()
    {
        ControlRow[] rows =
        [
            new("KINFA-SUPPLEMENTARY", "fee-b", 8_010, At),
            new("INCHEON-BASE", "fee-c", 120_000, At),
            new("KINFA-SUPPLEMENTARY", "fee-a", 162_443, At.AddMinutes(1)),
        ];

        var measures = ControlRows.ToMeasures(Measures.FeesPaid, rows, includeKeys: true);

        Assert.Equal(["INCHEON-BASE", "KINFA-SUPPLEMENTARY"], measures.Select(m => m.FundCode));
        var kinfa = measures[1];
        Assert.Equal((Measures.FeesPaid, 2L, 170_453L), (kinfa.Measure, kinfa.Count, kinfa.Won));
        Assert.Equal(["fee-a", "fee-b"], kinfa.Keys!.Select(k => k.Key));
        Assert.Equal(162_443, kinfa.Keys![0].Won);
    }

    [Fact]
    public void Without_keys_the_totals_stay_and_the_keys_are_left_out_and_no_rows_report_nothing()
    {
        var measure = Assert.Single(ControlRows.ToMeasures(Measures.DormantPayouts, [new(null, "claim-1", 1_000, At), new(null, "claim-2", 2_500, At)], includeKeys: false));

        Assert.Equal((null, 2L, 3_500L), (measure.FundCode, measure.Count, measure.Won));
        Assert.Null(measure.Keys);
        Assert.Empty(ControlRows.ToMeasures(Measures.DormantPayouts, [], includeKeys: true));
    }

    [Fact]
    public void A_seoul_period_starts_at_midnight_in_seoul_and_ends_after_its_last_day()
    {
        var period = new ControlPeriod(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31));

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), period.Start.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 15, 0, 0, TimeSpan.Zero), period.End.ToUniversalTime());
        Assert.Equal(period.Start, ControlRows.SeoulStart(period.From));
    }
}
