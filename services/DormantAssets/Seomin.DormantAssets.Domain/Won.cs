namespace Seomin.DormantAssets.Domain;

/// <summary>Whole won: KRW has no minor unit. The one rounding rule of this service: truncate below one won (원 미만 절사).</summary>
public static class Won
{
    public static long Truncate(decimal amount) => (long)decimal.Truncate(amount);
}
