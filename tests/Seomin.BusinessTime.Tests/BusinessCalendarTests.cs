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
    [InlineData("2027-02-06")] // 설날 연휴 (Saturday), 02-07 설날 is Korea's date (China: 02-06)
    [InlineData("2027-08-16")] // 대체공휴일(광복절): 08-15 fell on a Sunday
    [InlineData("2027-10-04")] // 대체공휴일(개천절): 10-03 fell on a Sunday
    [InlineData("2028-01-26")] // 설날 연휴
    [InlineData("2028-01-27")] // 설날
    [InlineData("2028-01-28")] // 설날 연휴
    [InlineData("2028-04-12")] // 제23대 국회의원선거일 (공직선거법 제34조)
    [InlineData("2028-05-02")] // 부처님오신날
    [InlineData("2028-05-05")] // 어린이날
    [InlineData("2028-06-06")] // 현충일
    [InlineData("2028-08-15")] // 광복절
    [InlineData("2028-10-02")] // 추석 연휴
    [InlineData("2028-10-03")] // 추석 and 개천절 on the same day
    [InlineData("2028-10-04")] // 추석 연휴
    [InlineData("2028-10-05")] // 대체공휴일: 개천절 coincided with 추석 (관공서의 공휴일에 관한 규정 제3조)
    [InlineData("2028-10-09")] // 한글날
    [InlineData("2028-12-25")] // 기독탄신일
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
    [InlineData("2027-09-17")] // Friday after 추석 Tue-Thu: no substitute day
    [InlineData("2028-01-03")] // Monday after 신정 on a Saturday: 신정 has no substitute day
    [InlineData("2028-05-01")] // 근로자의 날: not a public holiday under the 규정, so a working day (ADR 0011)
    public void IsBusinessDay_WhenOrdinaryWeekday_ReturnsTrue(string date)
    {
        var result = _calendar.IsBusinessDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result);
    }

    [Fact]
    public void Korean_WhenLoadedFromDataFile_CoversThroughTwoYearsAhead()
    {
        var calendar = BusinessCalendar.Korean;

        Assert.Equal(2025, calendar.FirstCoveredYear);
        Assert.Equal(2028, calendar.LastCoveredYear);
        Assert.Equal(16, calendar.Holidays.Keys.Count(d => d.Year == 2028));
    }

    [Fact]
    public void WorkingHoursPerDay_IsEightHoursLunchExcluded()
    {
        // 민원처리법 제19조①: "1일은 8시간의 근무시간을 기준으로 한다"; 09:00–12:00 + 13:00–18:00.
        Assert.Equal(TimeSpan.FromHours(8), BusinessCalendar.WorkingHoursPerDay);
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
    public void EndOfDayPeriod_WhenGrievanceFiledBeforeChuseok2026_CountsTheFirstDay()
    {
        // 민원처리법 제19조② (첫날을 산입, 공휴일과 토요일 불산입), 7 days from Tue 2026-09-22: 09-22 (1), 09-23 (2),
        // 09-24..26 추석, 09-27 Sunday, 09-28 (3), 09-29 (4), 09-30 (5), 10-01 (6), 10-02 (7).
        var received = Seoul.At(2026, 9, 22, 10);

        var due = _calendar.EndOfDayPeriod(received, 7);

        Assert.Equal(Seoul.At(2026, 10, 2, 18), due);
    }

    [Fact]
    public void EndOfDayPeriod_WhenChuseokAndHangulDayIntervene_SkipsThem()
    {
        // 법 제19조②, Thu 2025-10-02 is day 1; 10-03 개천절, weekend, 10-06..08 추석 + substitute, 10-09 한글날;
        // Fri 10-10 (2), 10-13..17 (3..7).
        var received = Seoul.At(2025, 10, 2, 10);

        var due = _calendar.EndOfDayPeriod(received, 7);

        Assert.Equal(Seoul.At(2025, 10, 17, 18), due);
    }

    [Fact]
    public void EndOfDayPeriod_WhenReceivedOnSaturday_DayOneIsMonday()
    {
        var received = Seoul.At(2026, 3, 7, 11);

        var due = _calendar.EndOfDayPeriod(received, 1);

        Assert.Equal(Seoul.At(2026, 3, 9, 18), due);
    }

    [Fact]
    public void EndOfDayPeriod_WhenReceivedAfterClosing_DayOneIsNextBusinessDay()
    {
        // Tue 2026-03-10 19:00: no working time is left that day (ADR 0011), so Wed 03-11 is day 1 of 7 -> Thu 03-19.
        var received = Seoul.At(2026, 3, 10, 19);

        var due = _calendar.EndOfDayPeriod(received, 7);

        Assert.Equal(Seoul.At(2026, 3, 19, 18), due);
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
    public void AddWorkingTime_WhenSpanningLunch_SkipsTheLunchHour()
    {
        // 법 제19조① 8-hour day, lunch excluded: Tue 11:00 + 3 h = 11:00-12:00 (1 h) + 13:00-15:00 (2 h).
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 10, 11), TimeSpan.FromHours(3));

        Assert.Equal(Seoul.At(2026, 3, 10, 15), due);
    }

    [Fact]
    public void AddWorkingTime_WhenStartedDuringLunch_CountsFromOnePm()
    {
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 10, 12, 20), TimeSpan.FromHours(3));

        Assert.Equal(Seoul.At(2026, 3, 10, 16), due);
    }

    [Fact]
    public void AddWorkingTime_WhenEndsExactlyAtNoon_StaysAtNoon()
    {
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 10, 9), TimeSpan.FromHours(3));

        Assert.Equal(Seoul.At(2026, 3, 10, 12), due);
    }

    [Fact]
    public void AddWorkingTime_WhenEightHoursFromOpening_EndsAtClosingTheSameDay()
    {
        // One working day of 법 제19조① = 8 h: 09:00-12:00 + 13:00-18:00.
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 10, 9), TimeSpan.FromHours(8));

        Assert.Equal(Seoul.At(2026, 3, 10, 18), due);
    }

    [Fact]
    public void AddWorkingTime_WhenEightHoursFromThursdayAfternoon_CrossesEveningAndLunch()
    {
        // Thu 2026-03-12 15:30: 15:30-18:00 (2.5 h), Fri 09:00-12:00 (3 h), 13:00-15:30 (2.5 h) = 8 h.
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 12, 15, 30), TimeSpan.FromHours(8));

        Assert.Equal(Seoul.At(2026, 3, 13, 15, 30), due);
    }

    [Fact]
    public void AddWorkingTime_WhenEightHoursFromFridayMorning_ContinuesAfterTheWeekend()
    {
        // Fri 2026-03-06 10:00: 10:00-12:00 (2 h) + 13:00-18:00 (5 h), weekend, Mon 09:00-10:00 (1 h).
        var due = _calendar.AddWorkingTime(Seoul.At(2026, 3, 6, 10), TimeSpan.FromHours(8));

        Assert.Equal(Seoul.At(2026, 3, 9, 10), due);
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
