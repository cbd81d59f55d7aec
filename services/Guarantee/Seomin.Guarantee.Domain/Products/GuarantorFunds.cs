namespace Seomin.Guarantee.Domain.Products;

/// <summary>
/// The guarantor funds (보증재원) a product can belong to: the same codes as
/// <c>Seomin.Contracts.Contributions.FundCodes</c> (a test keeps them equal; the domain takes no contract dependency).
/// Capacity (operating multiple × balance) is checked per fund, never across funds.
/// </summary>
public static class GuarantorFunds
{
    /// <summary>서민금융진흥원 서민금융보완계정 (서민금융법 제46조): the 햇살론 family.</summary>
    public const string KinfaSupplementary = "KINFA-SUPPLEMENTARY";

    /// <summary>서민금융진흥원 자활지원계정 (fee ceiling 5%, 법 55의4).</summary>
    public const string KinfaSelfSufficiency = "KINFA-SELF-SUFFICIENCY";

    /// <summary>인천신용보증재단 기본재산 (seed 003): the Incheon programmes.</summary>
    public const string IncheonBase = "INCHEON-BASE";

    public static IReadOnlyList<string> All { get; } = [KinfaSupplementary, KinfaSelfSufficiency, IncheonBase];

    /// <summary>The fund a product belongs to when none is stated: Incheon codes → the foundation's base capital; otherwise by the KINFA account.</summary>
    public static string Default(string productCode, FundAccount account) =>
        productCode.StartsWith("INCHEON_", StringComparison.Ordinal) ? IncheonBase
        : account == FundAccount.SelfSufficiencyAccount ? KinfaSelfSufficiency
        : KinfaSupplementary;
}
