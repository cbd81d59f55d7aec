using System.Text.RegularExpressions;

namespace Seomin.Counseling.Domain;

/// <summary>Guards free text (notes, VOC content) against resident-registration-number-shaped strings.</summary>
public static partial class SensitiveText
{
    // Six digits (birth date), an optional separator, a sex/century digit 1-8 (5-8: foreigners) and six digits.
    [GeneratedRegex(@"(?<!\d)\d{6}[\s\-–.]?[1-8]\d{6}(?!\d)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RrnShaped();

    public static bool ContainsRrnShapedString(string? text) => text is not null && RrnShaped().IsMatch(text);

    /// <summary>Throws <see cref="CounselingRuleException"/> when the text holds an RRN-shaped string; never echoes it.</summary>
    public static void EnsureNoRrn(string? text, string field)
    {
        if (ContainsRrnShapedString(text))
        {
            throw new CounselingRuleException(
                "FreeTextMustNotContainResidentRegistrationNumber",
                $"The field '{field}' contains a string shaped like a resident registration number; remove it.");
        }
    }
}
