namespace Seomin.Subrogation.Api.Data;

/// <summary>One recovery on a recourse claim and how it was applied (costs → late charge → principal).</summary>
public sealed class RecoveryRecord
{
    public Guid Id { get; set; }

    public Guid RecourseId { get; set; }

    public DateOnly RecoveredOn { get; set; }

    public long Amount { get; set; }

    public long ToCosts { get; set; }

    public long ToLateCharge { get; set; }

    public long ToPrincipal { get; set; }

    public string Source { get; set; } = "";

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}
