namespace Seomin.Contracts.Contributions;

/// <summary>The guarantee fund balance changed (보증재원). Bounds guarantee capacity in the guarantee service.</summary>
[MessageName("contributions.guarantee-fund-balance-changed")]
public sealed record GuaranteeFundBalanceChanged
{
    public required Guid EventId { get; init; }
    public required long Balance { get; init; }
    public required long Sequence { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
