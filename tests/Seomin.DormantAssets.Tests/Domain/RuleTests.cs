using Seomin.DormantAssets.Domain;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.DormantAssets.Domain.Claims;
using Seomin.DormantAssets.Domain.Rules;

namespace Seomin.DormantAssets.Tests.Domain;

public sealed class RuleTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly ClaimPolicy Policy = new();

    private static DormantAsset Asset(long amount = 100_000, AssetType type = AssetType.Deposit, string owner = "COWNER") =>
        DormantAsset.Transferred(Guid.NewGuid(), Guid.NewGuid(), 1, "B1", "은행", InstitutionSector.Bank, owner, "홍길동", "110-1", type, amount, new(2020, 1, 1), new(2025, 1, 1));

    private static ClaimRiskFacts Facts(long payout = 100_000, bool nameMatches = true, int customerClaims = 0, int partnerClaims = 0, DateOnly? contactChanged = null, bool inPerson = false) =>
        new(payout, nameMatches, customerClaims, partnerClaims, contactChanged, Today, inPerson);

    [Fact]
    public void Interest_OverAYearAtTheAssumedRate_IsPrincipalTimesRate()
    {
        Assert.Equal(1_000, PostTransferInterest.For(1_000_000, new DateOnly(2021, 6, 30), new DateOnly(2022, 6, 30)));
    }

    [Fact]
    public void Interest_BeforeTheRateTookEffect_IsZero_AndSplitsAcrossRates()
    {
        Assert.Equal(0, PostTransferInterest.For(1_000_000, new DateOnly(2020, 1, 1), new DateOnly(2021, 6, 30)));

        // 2021-06-20 → 2021-07-10: 10 days at 0%, 10 days at 0.1%: 5,000,000 × 0.001 × 10 / 365 = 136.98 → 136.
        Assert.Equal(136, PostTransferInterest.For(5_000_000, new DateOnly(2021, 6, 20), new DateOnly(2021, 7, 10)));
    }

    [Fact]
    public void Interest_IsTruncatedBelowOneWon_AndZeroWhenPaidTheSameDay()
    {
        // 12,345,678 × 0.001 × 100 / 365 = 3,382.37 → 3,382.
        Assert.Equal(3_382, PostTransferInterest.For(12_345_678, new DateOnly(2023, 1, 1), new DateOnly(2023, 4, 11)));
        Assert.Equal(0, PostTransferInterest.For(12_345_678, new DateOnly(2023, 1, 1), new DateOnly(2023, 1, 1)));
    }

    [Fact]
    public void Interest_WithATableOfThreeRates_AddsEachPeriod()
    {
        PostTransferRate[] rates = [new(new(2020, 1, 1), 0.01m, "a"), new(new(2020, 1, 11), 0.02m, "b"), new(new(2020, 1, 21), 0m, "c")];

        // 365,000 × (0.01 × 10 + 0.02 × 10) / 365 = 300.
        Assert.Equal(300, PostTransferInterest.For(365_000, new DateOnly(2020, 1, 1), new DateOnly(2020, 3, 1), rates));
    }

    [Fact]
    public void Disclosure_ShowsDepositsInsuranceAndInvestorDeposits_AndTheSqlListMatches()
    {
        var shown = Enum.GetValues<AssetType>().Where(AssetDisclosure.IsShownInLookup).Select(t => $"'{t}'");

        Assert.Equal(AssetDisclosure.ShownInLookupSql, $"({string.Join(',', shown)})");
        Assert.False(AssetDisclosure.IsShownInLookup(AssetType.Cheque));
        Assert.False(AssetDisclosure.IsShownInLookup(AssetType.UnclaimedStockProceeds));
    }

    [Fact]
    public void OpenStatuses_SqlListMatchesTheEnumList()
    {
        Assert.Equal(RefundClaim.OpenStatusesSql, $"({string.Join(',', RefundClaim.OpenStatuses.Select(s => $"'{s}'"))})");
    }

    [Theory]
    [InlineData("", "서울", "1000", "Deposit", "A-1", "2020-01-01", "NameRequired")]
    [InlineData("홍길동", "서울", "-1", "Deposit", "A-1", "2020-01-01", "AmountMustBePositive")]
    [InlineData("홍길동", "서울", "0", "Deposit", "A-1", "2020-01-01", "AmountMustBePositive")]
    [InlineData("홍길동", "서울", "12.5", "Deposit", "A-1", "2020-01-01", "AmountMustBePositive")]
    [InlineData("홍길동", "서울", "1000", "Gold", "A-1", "2020-01-01", "AssetTypeUnknown")]
    [InlineData("홍길동", "서울", "1000", "2", "A-1", "2020-01-01", "AssetTypeUnknown")]
    [InlineData("홍길동", "서울", "1000", "Deposit", " ", "2020-01-01", "AccountRequired")]
    [InlineData("홍길동", "서울", "1000", "Deposit", "A-1", "", "LimitationDateRequired")]
    [InlineData("홍길동", "서울", "1000", "Deposit", "A-1", "2020-13-01", "LimitationDateRequired")]
    [InlineData("홍길동", "서울", "1000", "Deposit", "A-1", "2027-01-01", "LimitationNotCompleted")]
    public void TransferLine_WhenAFieldIsBad_IsRejectedWithItsCode(string name, string address, string amount, string type, string account, string limitation, string code)
    {
        var rejection = TransferLineRules.Check(name, address, amount, type, account, limitation, Today, out _);

        Assert.Equal(code, rejection?.Code);
    }

    [Fact]
    public void TransferLine_WhenEveryFieldIsGood_IsParsed()
    {
        var rejection = TransferLineRules.Check(" 홍길동 ", "서울", "1500000", "insurance", "P-77", "2026-12-01", Today, out var line);

        Assert.Null(rejection);
        Assert.Equal(new ValidLine("홍길동", "서울", 1_500_000, AssetType.Insurance, "P-77", Today), line);
    }

    [Fact]
    public void HoldRules_WhenNothingIsRisky_HoldNothing()
    {
        Assert.Empty(HoldRules.Evaluate(Facts(), Policy));
    }

    [Theory]
    [InlineData(HoldRules.HolderNameMismatch)]
    [InlineData(HoldRules.RepeatedClaims)]
    [InlineData(HoldRules.AmountAboveThreshold)]
    [InlineData(HoldRules.PartnerVelocity)]
    [InlineData(HoldRules.RecentlyChangedContact)]
    [InlineData(HoldRules.InPersonReview)]
    public void HoldRules_EachRule_FiresAlone(string code)
    {
        var facts = code switch
        {
            HoldRules.HolderNameMismatch => Facts(nameMatches: false),
            HoldRules.RepeatedClaims => Facts(customerClaims: 3),
            HoldRules.AmountAboveThreshold => Facts(payout: 5_000_001),
            HoldRules.PartnerVelocity => Facts(partnerClaims: 100),
            HoldRules.RecentlyChangedContact => Facts(contactChanged: Today.AddDays(-29)),
            _ => Facts(inPerson: true),
        };

        var reasons = HoldRules.Evaluate(facts, Policy);

        Assert.Equal([code], reasons.Select(r => r.Code).ToArray());
    }

    [Fact]
    public void HoldRules_AtTheirLimits_DoNotFire()
    {
        Assert.Empty(HoldRules.Evaluate(Facts(payout: 5_000_000, customerClaims: 2, partnerClaims: 99, contactChanged: Today.AddDays(-30)), Policy));
    }

    [Fact]
    public void ClaimRules_SomeoneElsesAsset_IsNotTheOwner()
    {
        Assert.Throws<NotTheOwnerException>(() => ClaimRules.EnsureClaimable(Asset(), "COTHER", ClaimChannel.Online, 100_000, false, Policy));
    }

    [Fact]
    public void ClaimRules_OnlineAboveTheCap_IsRefused_InPersonIsNot()
    {
        var asset = Asset(10_000_001);

        var e = Assert.Throws<DormantRuleException>(() => ClaimRules.EnsureClaimable(asset, "COWNER", ClaimChannel.Partner, 10_000_001, false, Policy));
        ClaimRules.EnsureClaimable(asset, null, ClaimChannel.InPerson, 10_000_001, false, Policy);
        ClaimRules.EnsureClaimable(Asset(10_000_000), "COWNER", ClaimChannel.Online, 10_000_000, false, Policy);

        Assert.Equal(ClaimRules.OnlineClaimAboveCap, e.Rule);
    }

    [Fact]
    public void ClaimRules_AnotherOpenClaim_PaidAsset_AndOnlineCheque_AreRefused()
    {
        var paid = Asset();
        paid.MarkPaid(Guid.NewGuid(), Today);

        Assert.Equal(ClaimRules.AnotherClaimOpen, Assert.Throws<DormantRuleException>(() => ClaimRules.EnsureClaimable(Asset(), "COWNER", ClaimChannel.Online, 1, true, Policy)).Rule);
        Assert.Equal(ClaimRules.AssetMustBeOutstanding, Assert.Throws<DormantRuleException>(() => ClaimRules.EnsureClaimable(paid, "COWNER", ClaimChannel.Online, 1, false, Policy)).Rule);
        Assert.Equal(ClaimRules.UndisclosedAssetInPersonOnly, Assert.Throws<DormantRuleException>(() => ClaimRules.EnsureClaimable(Asset(type: AssetType.Cheque), "COWNER", ClaimChannel.Online, 1, false, Policy)).Rule);
    }

    [Fact]
    public void Claim_Held_MustBeReviewedBeforeApproval_AndIsPaidOnceAfter()
    {
        var claim = RefundClaim.Make(Guid.NewGuid(), Guid.NewGuid(), "C", ClaimChannel.Online, Claimant.Owner, null, null, 6_000_000, 12, "004", "1", "홍길동",
            [new HoldReason(HoldRules.AmountAboveThreshold, "x")], [], "app", DateTimeOffset.UnixEpoch);

        Assert.Equal("HeldClaimMustBeReviewed", Assert.Throws<DormantRuleException>(() => claim.Approve("S2")).Rule);
        claim.Review("S1", "ok");
        claim.Approve("S2");
        claim.MarkPaid("FB1", Today);

        Assert.Equal((ClaimStatus.Paid, 6_000_012L), (claim.Status, claim.Payout));
        Assert.Throws<IllegalStateTransitionException>(() => claim.MarkPaid("FB2", Today));
    }

    [Fact]
    public void Claim_ByAnHeirOnline_IsRefused()
    {
        var e = Assert.Throws<DormantRuleException>(() => RefundClaim.Make(Guid.NewGuid(), Guid.NewGuid(), "C", ClaimChannel.Partner, Claimant.Heir, "P", "c", 1, 0, "004", "1", "x", [], [], "p", DateTimeOffset.UnixEpoch));

        Assert.Equal("HeirsAndAgentsClaimInPerson", e.Rule);
    }
}
