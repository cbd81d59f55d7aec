namespace Seomin.BusinessTime.Tests;

public class BusinessClockTests
{
    [Fact]
    public void Today_WhenUtcEveningIsSeoulNextMorning_ReturnsTheSeoulDate()
    {
        var clock = new BusinessClock(new FixedTimeProvider(new DateTimeOffset(2026, 3, 1, 15, 30, 0, TimeSpan.Zero)));

        var today = clock.Today;

        Assert.Equal(new DateOnly(2026, 3, 2), today);
    }

    [Fact]
    public void Today_WhenJustBeforeSeoulMidnight_ReturnsTheSameSeoulDate()
    {
        var clock = new BusinessClock(new FixedTimeProvider(new DateTimeOffset(2026, 3, 1, 14, 59, 59, TimeSpan.Zero)));

        var today = clock.Today;

        Assert.Equal(new DateOnly(2026, 3, 1), today);
    }

    [Fact]
    public void Now_WhenRead_IsTheInjectedProvidersInstant()
    {
        var instant = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        var clock = new BusinessClock(new FixedTimeProvider(instant));

        var now = clock.Now;

        Assert.Equal(instant, now);
    }

    [Fact]
    public void At_WhenSeoulWallClock_IsUtcMinusNineHours()
    {
        var instant = BusinessClock.At(new DateOnly(2026, 3, 10), new TimeOnly(9, 0));

        Assert.Equal(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Fact]
    public void SeoulOffset_WhenComparedWithTheTimeZoneDatabase_MatchesAsiaSeoul()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(BusinessClock.TimeZoneId);
        var instant = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

        var offset = zone.GetUtcOffset(instant);

        Assert.Equal(BusinessClock.SeoulOffset, offset);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
