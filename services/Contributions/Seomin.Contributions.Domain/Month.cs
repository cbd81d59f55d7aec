using System.Globalization;

namespace Seomin.Contributions.Domain;

/// <summary>A calendar month (yyyy-MM): the period a filing reports and an assessment charges.</summary>
public readonly record struct Month(int Year, int Number) : IComparable<Month>
{
    public DateOnly FirstDay => new(Year, Number, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public Month Next => Of(FirstDay.AddMonths(1));

    /// <summary>Contributions for a month are due on the last day of the following month.</summary>
    public DateOnly DueOn => Next.LastDay;

    public static Month Of(DateOnly day) => new(day.Year, day.Month);

    public static bool TryParse(string? text, out Month month)
    {
        month = default;
        if (text is null || !DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return false;
        }

        month = Of(day);
        return true;
    }

    public int CompareTo(Month other) => FirstDay.CompareTo(other.FirstDay);

    public static bool operator <(Month a, Month b) => a.CompareTo(b) < 0;

    public static bool operator >(Month a, Month b) => a.CompareTo(b) > 0;

    public static bool operator <=(Month a, Month b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Month a, Month b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year:D4}-{Number:D2}";
}
