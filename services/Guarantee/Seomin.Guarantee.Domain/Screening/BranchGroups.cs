namespace Seomin.Guarantee.Domain.Screening;

/// <summary>A group of branches audited and monitored together, with its auditor.</summary>
public sealed record BranchGroup(string Code, string Auditor, IReadOnlyList<string> Branches);

/// <summary>
/// 인천신용보증재단 (지점)그룹 for the audit office's monitoring (seed 003 20-6, 지점별 감사기능 강화):
/// Ⅰ 그룹 서인천·계양·부평 (감사실장), Ⅱ 그룹 남동·연수·남부·중부 (부실장). A branch outside both is "Unassigned".
/// </summary>
public static class BranchGroups
{
    public const string Unassigned = "Unassigned";

    public static IReadOnlyList<BranchGroup> All { get; } =
    [
        new("I", "감사실장", ["서인천", "계양", "부평"]),
        new("II", "부실장", ["남동", "연수", "남부", "중부"]),
    ];

    /// <summary>The group code of <paramref name="branch"/>, <see cref="Unassigned"/> when none lists it or it is empty.</summary>
    public static string Of(string? branch) =>
        string.IsNullOrWhiteSpace(branch) ? Unassigned : All.FirstOrDefault(g => g.Branches.Contains(branch.Trim()))?.Code ?? Unassigned;
}
