using Microsoft.Extensions.Options;
using Seomin.Contracts.Contributions;

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

/// <summary>
/// Capacity per guarantor fund (<c>Guarantee:Capacity:Funds:&lt;FundCode&gt;</c>, e.g. <c>Guarantee:Capacity:Funds:INCHEON-BASE:InitialFundBalance</c>).
/// A fund without its own section uses <see cref="InitialFundBalance"/> and <see cref="OperatingMultiple"/>.
/// </summary>
public sealed class CapacityOptions
{
    /// <summary>보증운용배수 allowed by law (서민금융법): outstanding guarantees at most 15× the fund.</summary>
    public const decimal LegalMaximumOperatingMultiple = 15m;

    /// <summary>Fund balance used for a fund until the contributions service has sent that fund's first GuaranteeFundBalanceChanged event.</summary>
    public long InitialFundBalance { get; set; } = 100_000_000_000;

    /// <summary>보증운용배수: the law allows 15×; foundations manage to ≤ 10×.</summary>
    public decimal OperatingMultiple { get; set; } = 10m;

    /// <summary>Per-fund settings by fund code; each value overrides the defaults above for that fund.</summary>
    public Dictionary<string, FundCapacityOptions> Funds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The settings of <paramref name="fundCode"/>: its own section where set, else the defaults.</summary>
    public FundCapacity For(string fundCode) =>
        Funds.TryGetValue(fundCode, out var fund)
            ? new FundCapacity(fundCode, fund.InitialFundBalance ?? InitialFundBalance, fund.OperatingMultiple ?? OperatingMultiple)
            : new FundCapacity(fundCode, InitialFundBalance, OperatingMultiple);
}

/// <summary>One fund's capacity settings; a null value takes the default of <see cref="CapacityOptions"/>.</summary>
public sealed class FundCapacityOptions
{
    public long? InitialFundBalance { get; set; }

    public decimal? OperatingMultiple { get; set; }
}

/// <summary>A fund's effective capacity settings.</summary>
public sealed record FundCapacity(string FundCode, long InitialFundBalance, decimal OperatingMultiple);

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
        CheckCapacity(failures, $"{GuaranteeOptions.SectionName}:Capacity", options.Capacity.OperatingMultiple, options.Capacity.InitialFundBalance);
        foreach (var (fundCode, fund) in options.Capacity.Funds)
        {
            var section = $"{GuaranteeOptions.SectionName}:Capacity:Funds:{fundCode}";
            if (!FundCodes.All.Contains(fundCode))
            {
                failures.Add($"{section} names no known fund (one of {string.Join(", ", FundCodes.All)}).");
            }

            CheckCapacity(failures, section, fund.OperatingMultiple, fund.InitialFundBalance);
        }

        if (options.LapseJob.Interval <= TimeSpan.Zero)
        {
            failures.Add($"{GuaranteeOptions.SectionName}:LapseJob:Interval must be positive (it is {options.LapseJob.Interval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckCapacity(List<string> failures, string section, decimal? multiple, long? initialFundBalance)
    {
        if (multiple <= 0)
        {
            failures.Add($"{section}:OperatingMultiple must be positive (it is {multiple}).");
        }
        else if (multiple > CapacityOptions.LegalMaximumOperatingMultiple)
        {
            failures.Add($"{section}:OperatingMultiple is {multiple}, above the legal maximum of "
                + $"{CapacityOptions.LegalMaximumOperatingMultiple}× the guarantee fund (서민금융법 보증운용배수); foundations manage to 10× or less.");
        }

        if (initialFundBalance < 0)
        {
            failures.Add($"{section}:InitialFundBalance must not be negative.");
        }
    }
}
