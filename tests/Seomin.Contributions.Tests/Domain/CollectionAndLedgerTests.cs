using Seomin.Contributions.Domain;
using Seomin.Contributions.Domain.Collection;
using Seomin.Contributions.Domain.Ledger;

namespace Seomin.Contributions.Tests.Domain;

public sealed class CollectionAndLedgerTests
{
    private static readonly DateOnly Due = new(2025, 4, 30);

    [Fact]
    public void Late_interest_is_the_outstanding_principal_times_the_dated_rate_times_days_over_365()
    {
        // 1,000,000 × 6% × 30 ÷ 365 = 4,931.5… → 4,931.
        Assert.Equal(4_931, LateInterestRates.Interest(1_000_000, Due, new DateOnly(2025, 5, 30)));
        Assert.Equal(0, LateInterestRates.Interest(1_000_000, Due, Due));
        Assert.Equal(0, LateInterestRates.Interest(0, Due, new DateOnly(2025, 5, 30)));
    }

    [Fact]
    public void A_payment_goes_to_late_interest_first_then_principal_and_the_rest_is_unapplied()
    {
        // On time: all to principal.
        Assert.Equal(new PaymentAllocation(0, 0, 400_000, 0), AssessmentAccount.Apply(1_000_000, 0, 0, 0, Due, null, 400_000, new DateOnly(2025, 4, 20)));

        // 30 days late on 1,000,000: interest 4,931, then 495,069 of principal.
        var first = AssessmentAccount.Apply(1_000_000, 0, 0, 0, Due, null, 500_000, new DateOnly(2025, 5, 30));
        Assert.Equal(new PaymentAllocation(4_931, 4_931, 495_069, 0), first);

        // 30 more days on 504,931: 504,931 × 6% × 30 ÷ 365 = 2,490.07… → 2,490; 600,000 − 2,490 − 504,931 = 92,579 unapplied.
        var second = AssessmentAccount.Apply(1_000_000, 495_069, 4_931, 4_931, Due, new DateOnly(2025, 5, 30), 600_000, new DateOnly(2025, 6, 29));
        Assert.Equal(new PaymentAllocation(2_490, 2_490, 504_931, 92_579), second);
        Assert.Equal(600_000, second.Applied + second.Unapplied);
    }

    [Fact]
    public void Every_posting_kind_debits_what_it_credits_and_moves_the_fund_the_right_way()
    {
        foreach (var kind in Enum.GetValues<PostingKind>())
        {
            var lines = Postings.Lines(kind, 12_345);
            Assert.Equal(lines.Sum(l => l.Debit), lines.Sum(l => l.Credit));
            var effect = Postings.BalanceEffect(lines);
            var expected = kind switch
            {
                PostingKind.SubrogationPayment or PostingKind.FeeRefund or PostingKind.LossRecognised => -12_345,
                PostingKind.UnappliedCashReceived => 0,
                _ => 12_345,
            };
            Assert.Equal(expected, effect);
        }

        Assert.Equal("PostingAmountMustBePositive", Assert.Throws<ContributionRuleException>(() => Postings.Lines(PostingKind.Contribution, 0)).Rule);
    }
}
