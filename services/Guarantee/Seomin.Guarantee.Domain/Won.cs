namespace Seomin.Guarantee.Domain;

/// <summary>The single rounding rule for money: truncate below one won (원 미만 절사).</summary>
public static class Won
{
    public static long Truncate(decimal amount) => (long)decimal.Truncate(amount);
}
