using Microsoft.Extensions.Options;

namespace Seomin.Guarantee.Api.Features;

/// <summary>Configuration section <c>Guarantee</c>, validated at start-up (<see cref="GuaranteeOptionsValidator"/>).</summary>
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
    /// <summary>보증운용배수 allowed by law (서민금융법): outstanding guarantees at most 15× the fund.</summary>
    public const decimal LegalMaximumOperatingMultiple = 15m;

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

/// <summary>Refuses to start with settings that would break the law or the jobs, naming the setting.</summary>
public sealed class GuaranteeOptionsValidator : IValidateOptions<GuaranteeOptions>
{
    public ValidateOptionsResult Validate(string? name, GuaranteeOptions options)
    {
        var failures = new List<string>();
        var multiple = options.Capacity.OperatingMultiple;
        if (multiple <= 0)
        {
            failures.Add($"{GuaranteeOptions.SectionName}:Capacity:OperatingMultiple must be positive (it is {multiple}).");
        }
        else if (multiple > CapacityOptions.LegalMaximumOperatingMultiple)
        {
            failures.Add($"{GuaranteeOptions.SectionName}:Capacity:OperatingMultiple is {multiple}, above the legal maximum of "
                + $"{CapacityOptions.LegalMaximumOperatingMultiple}× the guarantee fund (서민금융법 보증운용배수); foundations manage to 10× or less.");
        }

        if (options.Capacity.InitialFundBalance < 0)
        {
            failures.Add($"{GuaranteeOptions.SectionName}:Capacity:InitialFundBalance must not be negative.");
        }

        if (options.LapseJob.Interval <= TimeSpan.Zero)
        {
            failures.Add($"{GuaranteeOptions.SectionName}:LapseJob:Interval must be positive (it is {options.LapseJob.Interval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
