namespace Seomin.DormantAssets.Domain.Rules;

/// <summary>
/// The configurable limits of claims and internal control (KINFA-internal, so configuration: section
/// <c>DormantAssets:Claims</c>). Defaults: the online cap of ₩10M per claim (issue 16, architecture §2), the ₩300k
/// outreach threshold (서민금융법 제44조 as cited in issue 16), the rest assumed (docs/adr/0019).
/// </summary>
public sealed class ClaimPolicy
{
    public const string Section = "DormantAssets:Claims";

    /// <summary>An online (app, web, partner) claim pays at most this much; above it the owner claims in person.</summary>
    public long OnlineCap { get; set; } = 10_000_000;

    /// <summary>Payouts above this are held and need a second person's approval (maker-checker).</summary>
    public long ApprovalThreshold { get; set; } = 5_000_000;

    /// <summary>A customer with this many claims in <see cref="RepeatWindowDays"/> before this one is held.</summary>
    public int RepeatClaims { get; set; } = 3;

    public int RepeatWindowDays { get; set; } = 30;

    /// <summary>A partner with this many claims in the last hour before this one is held (unusual velocity).</summary>
    public int PartnerClaimsPerHour { get; set; } = 100;

    /// <summary>A contact (phone, address) changed this recently is a takeover signal.</summary>
    public int RecentContactChangeDays { get; set; } = 30;

    /// <summary>Owners whose outstanding assets total at least this get a notice (법 제44조).</summary>
    public long NoticeThreshold { get; set; } = 300_000;
}
