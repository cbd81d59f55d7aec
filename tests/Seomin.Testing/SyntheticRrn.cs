using System.Globalization;

namespace Seomin.Testing;

/// <summary>
/// Builds synthetic resident registration numbers at run time (valid date and century/sex digit,
/// random back digits), so no real-looking number is ever committed to the repository.
/// </summary>
public static class SyntheticRrn
{
    /// <summary>A number for someone born on <paramref name="birthDate"/>, formatted <c>YYMMDD-NNNNNNN</c>.</summary>
    public static string For(DateOnly birthDate, Random? random = null, bool foreigner = false)
    {
        random ??= Random.Shared;
        var female = random.Next(2) == 1;
        var digit = (birthDate.Year >= 2000 ? 3 : 1) + (female ? 1 : 0) + (foreigner ? 4 : 0);
        var back = random.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        return $"{birthDate:yyMMdd}-{digit}{back}";
    }

    /// <summary>A number for an adult of <paramref name="age"/> years (default: random 20–60) today.</summary>
    public static string Adult(int? age = null, Random? random = null)
    {
        random ??= Random.Shared;
        var years = age ?? random.Next(20, 61);
        var birth = DateOnly.FromDateTime(DateTime.Today).AddYears(-years).AddDays(-random.Next(1, 300));
        return For(birth, random);
    }
}
