namespace Seomin.DormantAssets.Domain.Assets;

/// <summary>Kinds of dormant financial assets (휴면금융자산) that institutions transfer to the agency.</summary>
public enum AssetType
{
    /// <summary>휴면예금: a time-barred deposit.</summary>
    Deposit,

    /// <summary>휴면보험금: unclaimed insurance money.</summary>
    Insurance,

    /// <summary>투자자예탁금: an investor's deposit at a securities firm.</summary>
    InvestorDeposit,

    /// <summary>자기앞수표 발행대금: the proceeds of an uncashed cashier's cheque (its holder, not the buyer, is entitled).</summary>
    Cheque,

    /// <summary>실기주 과실: dividends on shares never registered to their holder.</summary>
    UnclaimedStockProceeds,
}

/// <summary>The three institution sectors (업권) of the 88 contributing institutions (seed 001).</summary>
public enum InstitutionSector
{
    Bank,
    Insurance,
    FinancialInvestment,
}

public static class AssetDisclosure
{
    /// <summary>
    /// Lookups (찾아줌) show deposits, insurance money and investor deposits. Cheque proceeds belong to whoever holds the
    /// cheque and unclaimed-stock proceeds to the unregistered holder, so neither can be attributed to the person the
    /// institution's records name: they are not shown and are claimed only in person with the instrument (서민금융법
    /// 제43조 as cited in issue 16).
    /// </summary>
    public static bool IsShownInLookup(AssetType type) => type is not (AssetType.Cheque or AssetType.UnclaimedStockProceeds);

    /// <summary>The SQL list of shown types, pinned to <see cref="IsShownInLookup"/> by a test.</summary>
    public const string ShownInLookupSql = "('Deposit','Insurance','InvestorDeposit')";
}

/// <summary>Whether the agency still owes the asset to its owner.</summary>
public enum AssetStatus
{
    Outstanding,
    Paid,
}
