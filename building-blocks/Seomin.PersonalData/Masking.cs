using System.Globalization;
using System.Text;

namespace Seomin.PersonalData;

/// <summary>
/// The one masking standard for responses and screens.
/// <list type="bullet">
/// <item>RRN: <c>900101-*******</c> (birth date kept, the seven back digits hidden).</item>
/// <item>Name (by character, blanks ignored): one character → <c>*</c>; two → first + <c>*</c> (<c>김*</c>);
/// three or more → first and last kept, every middle character masked (<c>김*수</c>, <c>남**수</c>).</item>
/// <item>Phone: area/carrier prefix and last four digits kept, the middle masked (<c>010-****-5678</c>,
/// <c>02-***-4567</c>); anything unrecognised keeps only its last four digits.</item>
/// <item>Account: every digit but the last four masked, separators kept (<c>***-***-**6789</c>).</item>
/// </list>
/// </summary>
public static class Masking
{
    public static string Rrn(ResidentRegistrationNumber rrn) => rrn.Masked;

    /// <summary>Masks a number given as text; anything that does not parse is fully masked.</summary>
    public static string Rrn(string? value) =>
        ResidentRegistrationNumber.TryParse(value, out var rrn) ? rrn.Masked : ResidentRegistrationNumber.Redacted;

    public static string Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }

        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(name.Trim());
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            if (!string.IsNullOrWhiteSpace(element))
            {
                elements.Add(element);
            }
        }

        return elements.Count switch
        {
            1 => "*",
            2 => elements[0] + "*",
            _ => elements[0] + new string('*', elements.Count - 2) + elements[^1],
        };
    }

    public static string Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return string.Empty;
        }

        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        var prefixLength = digits.StartsWith("02", StringComparison.Ordinal) ? 2 : 3;
        var middleLength = digits.Length - prefixLength - 4;
        if (digits.Length < 8 || middleLength is < 3 or > 4)
        {
            return MaskAllButLastFour(phone);
        }

        return $"{digits[..prefixLength]}-{new string('*', middleLength)}-{digits[^4..]}";
    }

    public static string Account(string? account) =>
        string.IsNullOrWhiteSpace(account) ? string.Empty : MaskAllButLastFour(account.Trim());

    private static string MaskAllButLastFour(string value)
    {
        var builder = new StringBuilder(value.Length);
        var digitsSeen = 0;
        for (var i = value.Length - 1; i >= 0; i--)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Insert(0, digitsSeen < 4 ? c : '*');
                digitsSeen++;
            }
            else
            {
                builder.Insert(0, c);
            }
        }

        return builder.ToString();
    }
}
