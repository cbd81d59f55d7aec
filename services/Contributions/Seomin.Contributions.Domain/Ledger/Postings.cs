namespace Seomin.Contributions.Domain.Ledger;

/// <summary>Accounts of a fund's ledger. The fund's balance (보증재원) is the credit balance of <see cref="FundCapital"/>.</summary>
public enum LedgerAccount
{
    /// <summary>What the fund holds (cash and receivables): debited when money comes in.</summary>
    FundAssets,

    /// <summary>The fund itself (재원·기본재산): credited by contributions, fees and recoveries, debited by payments out and losses.</summary>
    FundCapital,

    /// <summary>Money received that matches no assessment (미확인 입금): a liability until applied.</summary>
    UnappliedCash,
}

/// <summary>What a posting records; each kind has one fixed pair of accounts.</summary>
public enum PostingKind
{
    Contribution,
    SpecialContribution,
    BaseCapitalContribution,
    GuaranteeFee,
    Recovery,
    SubrogationPayment,
    FeeRefund,
    LossRecognised,
    UnappliedCashReceived,
    UnappliedCashApplied,
}

/// <summary>One line of a double entry: exactly one of debit or credit is positive.</summary>
public sealed record PostingLine(LedgerAccount Account, long Debit, long Credit);

/// <summary>The double-entry rule of every posting kind (docs/adr/0018): debits equal credits by construction.</summary>
public static class Postings
{
    public static IReadOnlyList<PostingLine> Lines(PostingKind kind, long amount)
    {
        if (amount <= 0)
        {
            throw new ContributionRuleException("PostingAmountMustBePositive", "A posting moves a positive whole-won amount.");
        }

        var (debit, credit) = kind switch
        {
            PostingKind.Contribution or PostingKind.SpecialContribution or PostingKind.BaseCapitalContribution
                or PostingKind.GuaranteeFee or PostingKind.Recovery => (LedgerAccount.FundAssets, LedgerAccount.FundCapital),
            PostingKind.SubrogationPayment or PostingKind.FeeRefund or PostingKind.LossRecognised => (LedgerAccount.FundCapital, LedgerAccount.FundAssets),
            PostingKind.UnappliedCashReceived => (LedgerAccount.FundAssets, LedgerAccount.UnappliedCash),
            PostingKind.UnappliedCashApplied => (LedgerAccount.UnappliedCash, LedgerAccount.FundCapital),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return [new(debit, amount, 0), new(credit, 0, amount)];
    }

    /// <summary>The change a posting makes to the fund's balance (credit − debit on <see cref="LedgerAccount.FundCapital"/>).</summary>
    public static long BalanceEffect(IEnumerable<PostingLine> lines) =>
        lines.Where(l => l.Account == LedgerAccount.FundCapital).Sum(l => l.Credit - l.Debit);
}
