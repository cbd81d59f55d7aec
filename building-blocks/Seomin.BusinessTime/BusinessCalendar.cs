using System.Collections.Frozen;
using System.Globalization;

namespace Seomin.BusinessTime;

/// <summary>
/// The platform's one Korean business-day calendar (영업일): Monday to Friday except public holidays, working
/// hours 09:00–18:00 Asia/Seoul. Holidays are data (a text file), never code.
/// </summary>
public sealed class BusinessCalendar
{
    public static readonly TimeOnly WorkdayStart = new(9, 0);
    public static readonly TimeOnly WorkdayEnd = new(18, 0);
    public static readonly TimeSpan WorkingHoursPerDay = WorkdayEnd - WorkdayStart;

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

    /// <summary>The Nth business day after <paramref name="start"/>; the start day itself is not counted (초일 불산입).</summary>
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

    /// <summary>18:00 Seoul time of the Nth business day after the Seoul date of <paramref name="from"/>.</summary>
    public DateTimeOffset EndOfBusinessDaysAfter(DateTimeOffset from, int days) =>
        BusinessClock.At(AddBusinessDays(BusinessClock.SeoulDate(from), days), WorkdayEnd);

    /// <summary>
    /// Adds working time (09:00–18:00 on business days). A start outside working hours counts from the next
    /// opening; a deadline that lands exactly on 18:00 stays on that day.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var local = BusinessClock.ToSeoul(from);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!IsBusinessDay(date) || time >= WorkdayEnd)
        {
            date = NextBusinessDay(date);
            time = WorkdayStart;
        }
        else if (time < WorkdayStart)
        {
            time = WorkdayStart;
        }

        var remaining = duration;
        while (true)
        {
            var available = WorkdayEnd - time;
            if (remaining <= available)
            {
                return BusinessClock.At(date, time.Add(remaining));
            }

            remaining -= available;
            date = NextBusinessDay(date);
            time = WorkdayStart;
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
