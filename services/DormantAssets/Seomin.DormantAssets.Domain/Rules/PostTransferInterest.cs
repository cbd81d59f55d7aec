namespace Seomin.DormantAssets.Domain.Rules;

/// <summary>A yearly simple-interest rate on a transferred asset's principal for the days from <see cref="EffectiveFrom"/> until the next rate.</summary>
public sealed record PostTransferRate(DateOnly EffectiveFrom, decimal AnnualRate, string Citation);

/// <summary>
/// Interest after transfer (이관 후 이자, seed 001: "이관 후 휴면금융자산 이자 지급"). Dated data: each day from the
/// transfer until payment earns the rate in force that day; simple interest on the principal, actual/365, truncated
/// below one won once on the total.
/// </summary>
public static class PostTransferInterest
{
    public static IReadOnlyList<PostTransferRate> Rates { get; } =
    [
        new(new DateOnly(2000, 1, 1), 0m, "2021 서민금융법 개정 전: 출연 후 이자 없음 (가정)"),

        // KINFA's actual rate is set by its own rules and is not in the seeds: 0.1% is an ASSUMED placeholder until the
        // agency's rule book is loaded (docs/adr/0019).
        new(new DateOnly(2021, 6, 30), 0.001m, "서민금융법 개정(2021)·사업계획(seed 001) 이관 후 이자 지급: 연 0.1% (가정, ADR 0019)"),
    ];

    public static long For(long principal, DateOnly transferredOn, DateOnly paidOn) => For(principal, transferredOn, paidOn, Rates);

    public static long For(long principal, DateOnly transferredOn, DateOnly paidOn, IReadOnlyList<PostTransferRate> rates)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(principal);
        if (paidOn <= transferredOn)
        {
            return 0;
        }

        var ordered = rates.OrderBy(r => r.EffectiveFrom).ToList();
        var total = 0m;
        for (var i = 0; i < ordered.Count; i++)
        {
            var from = Max(ordered[i].EffectiveFrom, transferredOn);
            var to = i + 1 < ordered.Count ? Min(ordered[i + 1].EffectiveFrom, paidOn) : paidOn;
            var days = to.DayNumber - from.DayNumber;
            if (days > 0)
            {
                total += principal * ordered[i].AnnualRate * days / 365m;
            }
        }

        return Won.Truncate(total);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
