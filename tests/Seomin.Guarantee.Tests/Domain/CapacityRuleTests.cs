using Seomin.Guarantee.Domain.Capacity;

namespace Seomin.Guarantee.Tests.Domain;

public class CapacityRuleTests
{
    [Theory]
    [InlineData(9_000_000_000, 1_000_000_000, true)]
    [InlineData(9_000_000_001, 1_000_000_000, false)]
    [InlineData(0, 10_000_000_001, false)]
    public void Check_WhenOutstandingPlusNewReachesLimit_AllowsUpToMultipleTimesFund(long outstanding, long additional, bool allowed)
    {
        var decision = CapacityRule.Check(outstanding, 1_000_000_000, 10m, additional);

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(10_000_000_000, decision.Limit);
    }

    [Fact]
    public void Check_WhenNoFund_RefusesAnyGuarantee()
    {
        var decision = CapacityRule.Check(0, 0, 10m, 1);

        Assert.False(decision.Allowed);
    }

    [Fact]
    public void Limit_WhenMultipleFractional_TruncatesBelowOneWon()
    {
        Assert.Equal(1_666, CapacityRule.Limit(333, 5.005m));
    }

    [Fact]
    public void CurrentMultiple_WhenOutstanding_IsOutstandingOverFund()
    {
        Assert.Equal(9.0m, CapacityRule.CurrentMultiple(9_000_000_000, 1_000_000_000));
    }

    [Fact]
    public void Guaranteed_WhenRatioApplied_TruncatesBelowOneWon()
    {
        Assert.Equal(8_999, GuaranteeAmounts.Guaranteed(9_999, 0.9m));
    }
}
