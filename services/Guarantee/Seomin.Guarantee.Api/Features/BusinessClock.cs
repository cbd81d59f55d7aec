namespace Seomin.Guarantee.Api.Features;

/// <summary>Business dates are Korean dates (Asia/Seoul), from the injected <see cref="TimeProvider"/>.</summary>
public sealed class BusinessClock(TimeProvider timeProvider)
{
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), Seoul).DateTime);
}
