namespace Seomin.Contributions.Domain;

/// <summary>
/// Whole won. The one rounding rule of the service, stated once: every computed amount (a monthly contribution, a
/// relief, late interest) is computed exactly in <see cref="decimal"/> and only the final amount is truncated below one
/// won (원 미만 절사), never an intermediate product.
/// </summary>
public static class Won
{
    public static long Truncate(decimal amount) => (long)decimal.Truncate(amount);
}
