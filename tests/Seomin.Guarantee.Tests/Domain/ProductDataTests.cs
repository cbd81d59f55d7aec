using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Products;

namespace Seomin.Guarantee.Tests.Domain;

/// <summary>The reference product rows of issue 17 item 13, checked on hand-computed values.</summary>
public class ProductDataTests
{
    private static ProductVersion InForce(string code, DateOnly on) =>
        ProductCatalogue.InForce(ReferenceData.Products.Where(p => p.Code == code), on)!;

    [Fact]
    public void Sunshine15_FromItsLaunch_ChargesTheNinePointNinePercentGuaranteeFee()
    {
        Assert.Equal(0.01m, InForce("SUNSHINE15", new DateOnly(2021, 8, 31)).AnnualFeeRate);
        var v2 = InForce("SUNSHINE15", new DateOnly(2021, 9, 1));

        Assert.Equal(2, v2.Version);
        Assert.Equal(0.099m, v2.AnnualFeeRate);
        v2.Validate();
        // ₩10,000,000 guaranteed at 100% for one 365-day year: 10,000,000 × 0.099 = ₩990,000 (below the 15% ceiling of ₩1,500,000).
        var fee = FeeCalculator.PeriodFee(10_000_000, v2.AnnualFeeRate, new DateOnly(2022, 1, 1), new DateOnly(2023, 1, 1), v2.FeeRateCapOn(new DateOnly(2022, 1, 1)));
        Assert.Equal(990_000, fee);
    }

    [Fact]
    public void EveryReferenceRow_IsValid()
    {
        foreach (var product in ReferenceData.Products)
        {
            product.Validate();
        }
    }
}
