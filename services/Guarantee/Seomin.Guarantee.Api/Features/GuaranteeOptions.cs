namespace Seomin.Guarantee.Api.Features;

/// <summary>Configuration section <c>Guarantee</c>.</summary>
public sealed class GuaranteeOptions
{
    public const string SectionName = "Guarantee";

    public CapacityOptions Capacity { get; set; } = new();

    public LapseJobOptions LapseJob { get; set; } = new();

    /// <summary>Apply migrations and seed reference data at start-up (Development always does).</summary>
    public bool MigrateOnStartup { get; set; }
}

public sealed class CapacityOptions
{
    /// <summary>Fund balance used until the contributions service has sent a GuaranteeFundBalanceChanged event.</summary>
    public long InitialFundBalance { get; set; } = 100_000_000_000;

    /// <summary>보증운용배수: the law allows 15×; foundations manage to ≤ 10×.</summary>
    public decimal OperatingMultiple { get; set; } = 10m;
}

public sealed class LapseJobOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
