namespace Seomin.Subrogation.Domain;

/// <summary>The single rounding rule for money: truncate below one won (원 미만 절사).</summary>
public static class Won
{
    public static long Truncate(decimal amount) => (long)decimal.Truncate(amount);

    /// <summary>
    /// Splits <paramref name="total"/> into <paramref name="parts"/> whole-won parts that sum to it: every part is the
    /// truncated quotient and the last part takes the remainder.
    /// </summary>
    public static IReadOnlyList<long> SplitEvenly(long total, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        var each = total / parts;
        var result = Enumerable.Repeat(each, parts).ToArray();
        result[^1] += total - (each * parts);
        return result;
    }
}
