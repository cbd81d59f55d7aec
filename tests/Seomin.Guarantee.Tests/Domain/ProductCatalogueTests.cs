using Seomin.Guarantee.Domain;
using Seomin.Guarantee.Domain.Products;
using static Seomin.Guarantee.Tests.Domain.Builders;

namespace Seomin.Guarantee.Tests.Domain;

public class ProductCatalogueTests
{
    [Fact]
    public void InForce_WhenSeveralVersions_PicksLatestStartedOnOrBeforeDate()
    {
        var v1 = WorkerSunshine();
        var v2 = v1 with { Version = 2, EffectiveFrom = new DateOnly(2021, 7, 1), AnnualFeeRate = 0.008m };

        Assert.Equal(1, ProductCatalogue.InForce([v1, v2], new DateOnly(2021, 6, 30))!.Version);
        Assert.Equal(2, ProductCatalogue.InForce([v1, v2], new DateOnly(2021, 7, 1))!.Version);
        Assert.Null(ProductCatalogue.InForce([v1, v2], new DateOnly(2020, 12, 31)));
    }

    [Fact]
    public void NextVersion_WhenStartingBeforeLatest_IsRefusedSoHistoryStays()
    {
        var v1 = WorkerSunshine();

        var ex = Assert.Throws<GuaranteeRuleException>(() => ProductCatalogue.NextVersion([v1], v1 with { AnnualFeeRate = 0.5m }));

        Assert.Equal("NewProductVersionMustStartAfterExistingVersions", ex.Rule);
    }

    [Fact]
    public void NextVersion_WhenLater_NumbersTheVersion()
    {
        var v1 = WorkerSunshine();

        var v2 = ProductCatalogue.NextVersion([v1], v1 with { EffectiveFrom = new DateOnly(2022, 1, 1), Version = 0 });

        Assert.Equal(2, v2.Version);
    }

    [Fact]
    public void Validate_WhenFeeRateAboveLegalCap_IsRefused()
    {
        Assert.Throws<GuaranteeRuleException>(() => (WorkerSunshine() with { AnnualFeeRate = 0.1501m }).Validate());
    }

    [Fact]
    public void Validate_WhenSelfSufficiencyAccountRateAboveFivePercent_IsRefusedAndAtFivePercentAccepted()
    {
        // 법 55의4: the 자활지원계정 ceiling is 5% a year, the 서민금융보완계정 one 15%.
        var product = WorkerSunshine() with { Account = FundAccount.SelfSufficiencyAccount };

        var ex = Assert.Throws<GuaranteeRuleException>(() => (product with { AnnualFeeRate = 0.0501m }).Validate());
        (product with { AnnualFeeRate = 0.05m }).Validate();

        Assert.Equal("ProductVersionMustBeValid", ex.Rule);
        Assert.Equal(0.05m, product.FeeRateCapOn(product.EffectiveFrom));
        Assert.Equal(0.15m, WorkerSunshine().FeeRateCapOn(WorkerSunshine().EffectiveFrom));
    }

    [Fact]
    public void EffectiveFeeRate_WhenIncentivesEarned_SubtractsEachReduction()
    {
        var p = WorkerSunshine();

        Assert.Equal(0.010m, p.EffectiveFeeRate(FeeIncentives.None));
        Assert.Equal(0.009m, p.EffectiveFeeRate(new FeeIncentives(true, false, false)));
        Assert.Equal(0.006m, p.EffectiveFeeRate(new FeeIncentives(true, true, true)));
        Assert.Equal(0m, (p with { AnnualFeeRate = 0.001m }).EffectiveFeeRate(new FeeIncentives(true, true, true)));
    }
}

public sealed class ReferenceDataTests
{
    [Fact]
    public void IncheonProgrammes_AreTheNineOfSeed003WithTheirBudgetsOnTheFoundationsFund()
    {
        // 2021 특례보증 (억원): 코로나19 375, 골목상권 100, 지하도상가 100, 희망드림 100, 재개발 50, 사회적경제 10, 재도전 20,
        // 일자리창출 100, 청년창업 100 = 955억.
        var incheon = Seomin.Guarantee.Api.Data.ReferenceData.Products.Where(p => p.Code.StartsWith("INCHEON_", StringComparison.Ordinal)).ToList();

        Assert.Equal(9, incheon.Count);
        Assert.Equal(95_500_000_000, incheon.Sum(p => p.Budget));
        Assert.All(incheon, p => Assert.Equal(Seomin.Guarantee.Domain.Products.GuarantorFunds.IncheonBase, p.FundCode));
        Assert.All(Seomin.Guarantee.Api.Data.ReferenceData.Products, p => p.Validate());
        Assert.All(Seomin.Guarantee.Api.Data.ReferenceData.Products.Where(p => !p.Code.StartsWith("INCHEON_", StringComparison.Ordinal)),
            p => Assert.Equal(Seomin.Guarantee.Domain.Products.GuarantorFunds.KinfaSupplementary, p.FundCode));
    }
}
