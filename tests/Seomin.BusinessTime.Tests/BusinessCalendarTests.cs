namespace Seomin.BusinessTime.Tests;

public class BusinessCalendarTests
{
    private readonly BusinessCalendar _calendar = BusinessCalendar.Korean;

    [Theory]
    [InlineData("2025-10-06")] // 추석
    [InlineData("2025-10-08")] // 대체공휴일(추석): 10-05 fell on a Sunday
    [InlineData("2025-03-03")] // 대체공휴일(삼일절)
    [InlineData("2025-05-06")] // 대체공휴일(어린이날·부처님오신날 on the same day)
    [InlineData("2025-06-03")] // 대통령선거일
    [InlineData("2026-02-17")] // 설날
    [InlineData("2026-05-25")] // 대체공휴일(부처님오신날)
    [InlineData("2026-08-17")] // 대체공휴일(광복절)
    [InlineData("2026-10-05")] // 대체공휴일(개천절)
    [InlineData("2027-02-09")] // 대체공휴일(설날): 02-07 fell on a Sunday
    [InlineData("2027-10-11")] // 대체공휴일(한글날)
    [InlineData("2027-12-27")] // 대체공휴일(기독탄신일)
    public void IsBusinessDay_WhenPublicOrSubstituteHoliday_ReturnsFalse(string date)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        var result = _calendar.IsBusinessDay(day);

        Assert.False(result);
        Assert.NotNull(_calendar.HolidayName(day));
    }

    [Theory]
    [InlineData("2026-03-07")] // Saturday
    [InlineData("2026-03-08")] // Sunday
    public void IsBusinessDay_WhenWeekend_ReturnsFalse(string date)
    {
        var result = _calendar.IsBusinessDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.False(result);
    }

    [Theory]
    [InlineData("2026-03-09")] // plain Monday
    [InlineData("2026-09-28")] // Monday after 추석 ending on a Saturday: no substitute day for 추석 on a Saturday
    [InlineData("2026-06-05")] // Friday before 현충일 on a Saturday: 현충일 has no substitute day
    public void IsBusinessDay_WhenOrdinaryWeekday_ReturnsTrue(string date)
    {
        var result = _calendar.IsBusinessDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result);
    }

    [Fact]
    public void Korean_WhenLoadedFromDataFile_CoversThreeYears()
    {
        var calendar = BusinessCalendar.Korean;

        Assert.Equal(2025, calendar.FirstCoveredYear);
        Assert.Equal(2027, calendar.LastCoveredYear);
        Assert.True(calendar.Holidays.Count > 45);
    }

    [Fact]
    public void Parse_WhenLinesGiven_UsesOnlyThoseHolidays()
    {
        var calendar = BusinessCalendar.Parse(["# coverage: 2030-2030", "2030-01-02 company day", "", "# comment"]);

        Assert.False(calendar.IsBusinessDay(new DateOnly(2030, 1, 2)));
        Assert.True(calendar.IsBusinessDay(new DateOnly(2030, 1, 1)));
        Assert.Equal(2030, calendar.FirstCoveredYear);
    }

    [Fact]
    public void LoadFile_WhenNewYearFileGiven_UsesItsHolidays()
    {
        var path = Path.Combine(Path.GetTempPath(), $"holidays-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, ["# coverage: 2028-2028", "2028-01-26 설날", "2028-01-27 설날 연휴"]);
        try
        {
            var calendar = BusinessCalendar.LoadFile(path);

            Assert.False(calendar.IsBusinessDay(new DateOnly(2028, 1, 26)));
            Assert.True(calendar.Covers(new DateOnly(2028, 6, 1)));
            Assert.False(calendar.Covers(new DateOnly(2029, 1, 1)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_WhenDateMalformed_Throws()
    {
        Assert.Throws<FormatException>(() => BusinessCalendar.Parse(["2030-13-40 nonsense"]));
    }

    [Fact]
    public void EndOfBusinessDaysAfter_WhenChuseokAndHangulDayIntervene_SkipsThem()
    {
        // Thu 2025-10-02: 10-03 개천절, weekend, 10-06..08 추석 + substitute, 10-09 한글날, so day 1 is Fri 10-10.
        var received = Seoul.At(2025, 10, 2, 10);

        var due = _calendar.EndOfBusinessDaysAfter(received, 7);

        Assert.Equal(Seoul.At(2025, 10, 20, 18), due);
    }

    [Fact]
    public void EndOfBusinessDaysAfter_WhenReceivedOnSaturday_CountsFromNextDay()
    {
        var received = Seoul.At(2026, 3, 7, 11);

        var due = _calendar.EndOfBusinessDaysAfter(received, 1);

        Assert.Equal(Seoul.At(2026, 3, 9, 18), due);
    }

    [Fact]
    public void AddWorkingTime_WhenFridayAfternoon_ContinuesOnMonday()
    {
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 6, 17), TimeSpan.FromHours(3));

        Assert.Equal(Seoul.At(2026, 3, 9, 11), due);
    }

    [Fact]
    public void AddWorkingTime_WhenBeforeOpening_StartsAtNine()
    {
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 10, 7), TimeSpan.FromHours(3));

        Assert.Equal(Seoul.At(2026, 3, 10, 12), due);
    }

    [Fact]
    public void AddWorkingTime_WhenEndsExactlyAtClosing_StaysSameDay()
    {
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 10, 15), TimeSpan.FromHours(3));

        Assert.Equal(Seoul.At(2026, 3, 10, 18), due);
    }

    [Fact]
    public void AddWorkingTime_WhenAfterClosing_StartsNextBusinessDay()
    {
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 10, 20, 30), TimeSpan.FromHours(1));

        Assert.Equal(Seoul.At(2026, 3, 11, 10), due);
    }

    [Fact]
    public void AddWorkingTime_WhenSeollalFollows_SkipsTheHolidays()
    {
        // Fri 2026-02-13 16:00: 2h left that day, weekend, 02-16..18 설날, resumes Thu 02-19.
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 2, 13, 16), TimeSpan.FromHours(3));

        Assert.Equal(Seoul.At(2026, 2, 19, 10), due);
    }

    [Fact]
    public void BusinessDaysBetween_WhenSpanningWeekend_CountsWeekdaysOnly()
    {
        var count = _calendar.BusinessDaysBetween(new DateOnly(2026, 3, 6), new DateOnly(2026, 3, 13));

        Assert.Equal(5, count);
    }

    [Fact]
    public void At_WhenSeoulWallClock_ReturnsUtcInstant()
    {
        var instant = Seoul.At(2026, 3, 10, 9);

        Assert.Equal(TimeSpan.Zero, instant.Offset);
        Assert.Equal(0, instant.Hour);
    }
}
