using System.Collections.Frozen;
using System.Globalization;

namespace Seomin.BusinessTime;

/// <summary>
/// The platform's one Korean business-day calendar (영업일): Monday to Friday except public holidays, working hours 09:00–12:00 and
/// 13:00–18:00 Asia/Seoul (8 hours, lunch excluded). Holidays are data (a text file), never code.
/// </summary>
public sealed class BusinessCalendar
{
    // 국가공무원 복무규정 제9조: 09:00–18:00 with the 12:00–13:00 lunch break, i.e. the 8-hour working day that
    // 민원처리법 제19조① counts as one day of an hour-based period.
    public static readonly TimeOnly WorkdayStart = new(9, 0);
    public static readonly TimeOnly LunchStart = new(12, 0);
    public static readonly TimeOnly LunchEnd = new(13, 0);
    public static readonly TimeOnly WorkdayEnd = new(18, 0);
    public static readonly TimeSpan WorkingHoursPerDay = (LunchStart - WorkdayStart) + (WorkdayEnd - LunchEnd);

    private static readonly (TimeOnly Start, TimeOnly End)[] WorkingPeriods = [(WorkdayStart, LunchStart), (LunchEnd, WorkdayEnd)];

    private const string ResourceName = "Seomin.BusinessTime.korean-public-holidays.txt";

    private readonly FrozenDictionary<DateOnly, string> _holidays;

    private BusinessCalendar(IDictionary<DateOnly, string> holidays, int? firstYear, int? lastYear)
    {
        _holidays = holidays.ToFrozenDictionary();
        FirstCoveredYear = firstYear ?? (holidays.Count == 0 ? 0 : holidays.Keys.Min().Year);
        LastCoveredYear = lastYear ?? (holidays.Count == 0 ? 0 : holidays.Keys.Max().Year);
    }

    public int FirstCoveredYear { get; }

    public int LastCoveredYear { get; }

    public IReadOnlyDictionary<DateOnly, string> Holidays => _holidays;

    /// <summary>The calendar built from the holiday file shipped with this assembly.</summary>
    public static BusinessCalendar Korean { get; } = LoadEmbedded();

    /// <summary>Parses "yyyy-MM-dd name" lines; '#' starts a comment; "# coverage: 2025-2027" sets the covered years.</summary>
    public static BusinessCalendar Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var holidays = new Dictionary<DateOnly, string>();
        int? firstYear = null;
        int? lastYear = null;
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                const string coverage = "# coverage:";
                if (line.StartsWith(coverage, StringComparison.OrdinalIgnoreCase))
                {
                    var years = line[coverage.Length..].Trim().Split('-');
                    firstYear = int.Parse(years[0], CultureInfo.InvariantCulture);
                    lastYear = int.Parse(years[^1], CultureInfo.InvariantCulture);
                }

                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var datePart = space < 0 ? line : line[..space];
            if (!DateOnly.TryParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new FormatException($"Holiday file line {lineNumber}: '{datePart}' is not a yyyy-MM-dd date.");
            }

            holidays[date] = space < 0 ? "holiday" : line[(space + 1)..].Trim();
        }

        return new BusinessCalendar(holidays, firstYear, lastYear);
    }

    public static BusinessCalendar LoadFile(string path) => Parse(File.ReadLines(path));

    public bool IsHoliday(DateOnly date) => _holidays.ContainsKey(date);

    public string? HolidayName(DateOnly date) => _holidays.GetValueOrDefault(date);

    public bool Covers(DateOnly date) => date.Year >= FirstCoveredYear && date.Year <= LastCoveredYear;

    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    public DateOnly NextBusinessDay(DateOnly after)
    {
        var date = after.AddDays(1);
        while (!IsBusinessDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>The Nth business day after <paramref name="start"/>; the start day itself is not counted.</summary>
    public DateOnly AddBusinessDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = start;
        for (var i = 0; i < days; i++)
        {
            date = NextBusinessDay(date);
        }

        return date;
    }

    /// <summary>Business days in (from, to]: how many business days have passed since <paramref name="from"/>.</summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsBusinessDay(date))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The Nth business day of a period whose first day is <paramref name="first"/>, the first day counted
    /// (민원처리법 제19조②: 첫날을 산입): day 1 is <paramref name="first"/> itself when it is a business day, else the
    /// next business day.
    /// </summary>
    public DateOnly NthBusinessDayFrom(DateOnly first, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var dayOne = IsBusinessDay(first) ? first : NextBusinessDay(first);
        return AddBusinessDays(dayOne, days - 1);
    }

    /// <summary>
    /// 18:00 Seoul of the last day of a period of <paramref name="days"/> business days received at
    /// <paramref name="receivedAt"/>, the day of receipt counted (법 제19조②). A receipt at or after closing time
    /// counts from the next day, as no working time of that day is left to it.
    /// </summary>
    public DateTimeOffset EndOfDayPeriod(DateTimeOffset receivedAt, int days)
    {
        var local = BusinessClock.ToSeoul(receivedAt);
        var first = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= WorkdayEnd)
        {
            first = first.AddDays(1);
        }

        return BusinessClock.At(NthBusinessDayFrom(first, days), WorkdayEnd);
    }

    /// <summary>
    /// Adds working time (09:00–12:00 and 13:00–18:00 on business days). A start outside working hours counts from
    /// the next opening; a deadline that lands exactly on 12:00 or 18:00 stays there.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var local = BusinessClock.ToSeoul(from);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var remaining = duration;
        while (true)
        {
            if (IsBusinessDay(date))
            {
                foreach (var (start, end) in WorkingPeriods)
                {
                    if (time >= end)
                    {
                        continue;
                    }

                    var begin = time > start ? time : start;
                    var available = end - begin;
                    if (remaining <= available)
                    {
                        return BusinessClock.At(date, begin.Add(remaining));
                    }

                    remaining -= available;
                    time = end;
                }
            }

            date = date.AddDays(1);
            time = TimeOnly.MinValue;
        }
    }

    private static BusinessCalendar LoadEmbedded()
    {
        using var stream = typeof(BusinessCalendar).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return Parse(lines);
    }
}
