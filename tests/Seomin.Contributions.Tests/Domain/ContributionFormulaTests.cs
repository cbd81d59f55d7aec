using Seomin.Contributions.Domain;
using Seomin.Contributions.Domain.Assessment;
using Seomin.Contributions.Domain.Institutions;
using Seomin.Contributions.Domain.Rates;

namespace Seomin.Contributions.Tests.Domain;

/// <summary>Every formula and dated rate row with amounts worked out by hand (annual rate ÷ 12, truncated below one won once).</summary>
public sealed class ContributionFormulaTests
{
    private static MonthlyContribution Compute(string month, RateGroup group, long loan, long guaranteed, decimal index = 100m)
    {
        Assert.True(Month.TryParse(month, out var m));
        return MonthlyContribution.Compute(m, group, new FiledBalances(loan, guaranteed), index);
    }

    [Theory]
    // 0.03% for all from 2021-10-21: 10,000,000,000 × 0.0003 ÷ 12 = 250,000.
    [InlineData("2022-06", RateGroup.Others, 10_000_000_000, 250_000)]
    [InlineData("2024-08", RateGroup.Banks, 1_000_000_000, 25_000)]
    // Banks 0.035% from 2024-09-30 (September is charged at the rate in force on its last day): 1e9 × 0.00035 ÷ 12 = 29,166.67 → 29,166.
    [InlineData("2024-09", RateGroup.Banks, 1_000_000_000, 29_166)]
    [InlineData("2025-02", RateGroup.Banks, 1_000_000_000, 29_166)]
    // Banks 0.06% from 2025-03-21: 12,345,678,901 × 0.0006 ÷ 12 = 617,283.945… → 617,283.
    [InlineData("2025-03", RateGroup.Banks, 12_345_678_901, 617_283)]
    // Others 0.045% from 2024-09-30 to 2025-12-31: 1e9 × 0.00045 ÷ 12 = 37,500.
    [InlineData("2024-09", RateGroup.Others, 1_000_000_000, 37_500)]
    [InlineData("2025-12", RateGroup.Others, 1_000_000_000, 37_500)]
    // Others back to 0.03% from 2026 (assumption, ADR 0017): 25,000.
    [InlineData("2026-01", RateGroup.Others, 1_000_000_000, 25_000)]
    // Truncation once at the end: 1,000,001 × 0.0003 ÷ 12 = 25.000025 → 25.
    [InlineData("2022-01", RateGroup.Others, 1_000_001, 25)]
    public void Common_contribution_is_the_loan_balance_times_the_dated_annual_rate_over_twelve(string month, RateGroup group, long loan, long expected) =>
        Assert.Equal(expected, Compute(month, group, loan, 0).Common);

    [Fact]
    public void The_first_month_is_october_2021_and_earlier_months_are_refused()
    {
        Assert.Equal(250_000, Compute("2021-10", RateGroup.Banks, 10_000_000_000, 0).Common);
        var refused = Assert.Throws<ContributionRuleException>(() => Compute("2021-09", RateGroup.Banks, 10_000_000_000, 0));
        Assert.Equal("MonthBeforeContributionRules", refused.Rule);
    }

    [Theory]
    // Oct–Dec 2021: flat 0.5% whatever the index: 2,400,000,000 × 0.005 ÷ 12 = 1,000,000.
    [InlineData("2021-11", 180, 1_000_000)]
    [InlineData("2021-12", 20, 1_000_000)]
    // From 2022 by tier, 1,200,000,000 guaranteed ÷ 12 = 100,000,000 a month at 1%.
    [InlineData("2023-05", 151, 1_500_000)]
    [InlineData("2023-05", 150, 1_250_000)]
    [InlineData("2023-05", 100.01, 1_250_000)]
    [InlineData("2023-05", 100, 1_000_000)]
    [InlineData("2023-05", 99.99, 750_000)]
    [InlineData("2023-05", 50.01, 750_000)]
    [InlineData("2023-05", 50, 500_000)]
    [InlineData("2023-05", 0, 500_000)]
    public void Differential_contribution_follows_the_tier_of_the_prior_year_subrogation_index(string month, double index, long expected)
    {
        var guaranteed = month.StartsWith("2021", StringComparison.Ordinal) ? 2_400_000_000 : 1_200_000_000;
        Assert.Equal(expected, Compute(month, RateGroup.Others, 0, guaranteed, (decimal)index).Differential);
    }

    [Fact]
    public void Relief_deducts_the_smaller_of_the_extra_common_contribution_and_half_a_percent_of_the_guaranteed_balance()
    {
        // Bank, 2025-06: L = 10,000,000,000, G = 1,200,000,000, index 160 → 1.50%.
        // A = 18,000,000; B = 1e10 × (0.06% − 0.03%) = 3,000,000; C = 1.2e9 × 0.5% = 6,000,000; (A − B) ÷ 12 = 1,250,000.
        var b = Compute("2025-06", RateGroup.Banks, 10_000_000_000, 1_200_000_000, 160m);
        Assert.Equal((500_000L, 1_250_000L, 250_000L), (b.Common, b.Differential, b.ReliefDeduction));

        // L = 100,000,000,000: B = 30,000,000 > C = 6,000,000 → (18,000,000 − 6,000,000) ÷ 12 = 1,000,000.
        Assert.Equal(1_000_000, Compute("2025-06", RateGroup.Banks, 100_000_000_000, 1_200_000_000, 160m).Differential);

        // Others, 0.045%: L = 2e9, G = 3e8, index 100 → 1%: A = 3,000,000; B = 2e9 × 0.015% = 300,000; C = 1,500,000;
        // (3,000,000 − 300,000) ÷ 12 = 225,000; common 2e9 × 0.00045 ÷ 12 = 75,000.
        var o = Compute("2025-06", RateGroup.Others, 2_000_000_000, 300_000_000);
        Assert.Equal((75_000L, 225_000L), (o.Common, o.Differential));

        // Before the higher common rates (2024-08) B = 0: no deduction; after 2025-12-31 the relief has lapsed.
        Assert.Equal(250_000, Compute("2024-08", RateGroup.Others, 2_000_000_000, 300_000_000).Differential);
        Assert.Equal(250_000, Compute("2026-01", RateGroup.Others, 2_000_000_000, 300_000_000).Differential);
    }

    [Fact]
    public void Every_rate_row_cites_its_source_and_no_two_rows_overlap()
    {
        Assert.All(ContributionRates.Common, r => Assert.Contains("시행령 제42조", r.Citation, StringComparison.Ordinal));
        Assert.All(ContributionRates.Differential, r => Assert.Contains("시행령", r.Citation, StringComparison.Ordinal));
        for (var day = ContributionRates.Start; day <= new DateOnly(2027, 12, 31); day = day.AddDays(1))
        {
            foreach (var group in Enum.GetValues<RateGroup>())
            {
                Assert.Single(ContributionRates.Common, r => r.Covers(day, group));
            }

            foreach (var index in new[] { 0m, 50m, 50.01m, 99.99m, 100m, 100.01m, 150m, 150.01m, 400m })
            {
                Assert.Single(ContributionRates.Differential, r => r.Covers(day) && r.Matches(index));
            }
        }
    }

    [Fact]
    public void Subrogation_index_is_the_lender_rate_over_the_market_rate()
    {
        // A: 30 / 1,000 = 3%; B: 10 / 1,000 = 1%; C: 0 / 2,000; market 40 / 4,000 = 1% → 300, 100, 0.
        var indices = SubrogationIndex.Compute([new("A", 30, 1_000), new("B", 10, 1_000), new("C", 0, 2_000), new("D", 5, 0)]);
        Assert.Equal(300m, indices["A"]);
        Assert.Equal(100m, indices["B"]);
        Assert.Equal(0m, indices["C"]);
        Assert.Equal(100m, SubrogationIndex.For(indices, "D")); // no balance: no history, middle tier
        // 1 / 3 of the market rate: 33.333… → 33.33.
        Assert.Equal(33.33m, SubrogationIndex.Compute([new("A", 1, 1_000), new("B", 5, 1_000)])["A"]);
        Assert.Equal(100m, SubrogationIndex.Compute([new("A", 0, 1_000)])["A"]); // a year without subrogation
    }

    [Fact]
    public void The_catalogue_has_88_institutions_in_3_sectors_with_the_dev_clients_codes()
    {
        var all = InstitutionCatalogue.All;
        Assert.Equal(88, all.Count);
        Assert.Equal(88, all.Select(i => i.Code).Distinct().Count());
        Assert.Equal(19, all.Count(i => i.Sector == Sector.Banking));
        Assert.Equal(5, all.Count(i => i.Sector == Sector.MutualFinance));
        Assert.Equal(64, all.Count(i => i.Sector == Sector.NonBank));
        Assert.Equal(5, all.Select(i => i.Category).Distinct().Count());
        Assert.All(all, i => Assert.Equal(i.Category == LegalCategory.Bank, i.RateGroup == RateGroup.Banks));
        Assert.All(all.Where(i => i.Route == FilingRoute.Federation), i => Assert.Contains(InstitutionCatalogue.Federations, f => f.Code == i.FederationCode));
        Assert.Contains(all, i => i.Code == "088");
        Assert.Contains(all, i => i.Code == "004");
    }
}
