namespace Seomin.Contracts.Contributions;

/// <summary>
/// The guarantor funds (보증재원) the platform keeps ledgers for. Each guarantee product belongs to one; its capacity
/// (operating multiple × balance) is checked per fund, never across funds.
/// </summary>
public static class FundCodes
{
    /// <summary>서민금융진흥원 서민금융보완계정 (서민금융법 제46조): 햇살론 family.</summary>
    public const string KinfaSupplementary = "KINFA-SUPPLEMENTARY";

    /// <summary>서민금융진흥원 자활지원계정 (서민금융법 제55조의4 fee ceiling 5%).</summary>
    public const string KinfaSelfSufficiency = "KINFA-SELF-SUFFICIENCY";

    /// <summary>인천신용보증재단 기본재산 (seed 003).</summary>
    public const string IncheonBase = "INCHEON-BASE";

    public static IReadOnlyList<string> All { get; } = [KinfaSupplementary, KinfaSelfSufficiency, IncheonBase];
}

/// <summary>
/// A guarantee fund's balance changed (보증재원). Published by the contributions service from its fund ledger after
/// every posting; bounds that fund's guarantee capacity in the guarantee service. <see cref="Sequence"/> increases per
/// fund: a consumer keeps the highest it has seen and ignores older ones.
/// </summary>
[MessageName("contributions.guarantee-fund-balance-changed")]
public sealed record GuaranteeFundBalanceChanged
{
    public required Guid EventId { get; init; }
    public required string FundCode { get; init; }
    public required long Balance { get; init; }
    public required long Sequence { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
