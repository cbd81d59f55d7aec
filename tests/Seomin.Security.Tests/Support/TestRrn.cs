using System.Globalization;

namespace Seomin.Security.Tests.Support;

/// <summary>Builds resident registration numbers at run time; none is ever written in the source.</summary>
internal static class TestRrn
{
    private static readonly int[] Weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

    /// <summary>
    /// A number for <paramref name="birthDate"/> with the given century/sex digit. With
    /// <paramref name="validCheckDigit"/> the last digit follows the pre-2020 formula; otherwise it
    /// deliberately does not, like the random back digits issued since October 2020.
    /// </summary>
    public static string Create(DateOnly birthDate, char centuryDigit, Random random, bool validCheckDigit = false, bool hyphen = true)
    {
        var first12 = $"{birthDate.ToString("yyMMdd", CultureInfo.InvariantCulture)}{centuryDigit}{random.Next(0, 100_000):D5}";
        var check = CheckDigit(first12);
        var last = validCheckDigit ? check : (check + 1 + random.Next(9)) % 10;
        var digits = first12 + last.ToString(CultureInfo.InvariantCulture);
        return hyphen ? digits[..6] + "-" + digits[6..] : digits;
    }

    public static string Korean(Random? random = null, int year = 1990) =>
        Create(new DateOnly(year, 1 + (random ?? Random.Shared).Next(12), 1 + (random ?? Random.Shared).Next(28)), year >= 2000 ? '3' : '1', random ?? Random.Shared);

    public static int CheckDigit(string first12)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (first12[i] - '0') * Weights[i];
        }

        return (11 - (sum % 11)) % 10;
    }
}
