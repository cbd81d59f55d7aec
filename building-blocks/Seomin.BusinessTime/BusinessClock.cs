namespace Seomin.BusinessTime;

/// <summary>
/// The platform's one Seoul business clock: instants from the injected <see cref="TimeProvider"/>, business
/// dates as Korean (Asia/Seoul) dates. Korea has kept UTC+9 without daylight saving since 1988, so a fixed
/// offset is exact for Asia/Seoul and needs no time-zone database.
/// </summary>
public sealed class BusinessClock(TimeProvider timeProvider)
{
    /// <summary>The IANA zone every business date of the platform is in.</summary>
    public const string TimeZoneId = "Asia/Seoul";

    public static readonly TimeSpan SeoulOffset = TimeSpan.FromHours(9);

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public DateOnly Today => SeoulDate(timeProvider.GetUtcNow());

    /// <summary>The Seoul calendar date of an instant.</summary>
    public static DateOnly SeoulDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(SeoulOffset).DateTime);

    /// <summary>The instant (UTC) of a Seoul wall-clock date and time.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), SeoulOffset).ToUniversalTime();

    /// <summary>The instant as Seoul wall-clock time (for display and for working-hour arithmetic).</summary>
    public static DateTimeOffset ToSeoul(DateTimeOffset instant) => instant.ToOffset(SeoulOffset);
}
