using System.Text.RegularExpressions;

namespace Seomin.PersonalData;

/// <summary>
/// Finds RRN-shaped text: six digits forming a valid YYMMDD, an optional hyphen or blank, then seven
/// digits whose first is a century digit, not inside a longer run of digits. Shared by log redaction and
/// <see cref="RrnLeakScanner"/>, so what the scanner flags is exactly what redaction removes.
/// </summary>
public static partial class RrnPattern
{
    /// <summary>The replacement written in place of a found number.</summary>
    public const string Mask = "[RRN-REDACTED]";

    [GeneratedRegex(@"(?<![0-9])[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[-\s\u2010-\u2015\uFF0D]?[0-9]{7}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>True when <paramref name="text"/> holds anything shaped like an RRN (date checked).</summary>
    public static bool ContainsRrn(string? text) => !string.IsNullOrEmpty(text) && Matches(text).Any();

    /// <summary>Replaces each RRN-shaped substring with <see cref="Mask"/>.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < 13)
        {
            return text;
        }

        return Shape().Replace(text, m => IsRrn(m.ValueSpan) ? Mask : m.Value);
    }

    internal static IEnumerable<Match> Matches(string text) =>
        Shape().Matches(text).Where(m => IsRrn(m.ValueSpan));

    private static bool IsRrn(ReadOnlySpan<char> candidate)
    {
        Span<char> digits = stackalloc char[13];
        var n = 0;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[n++] = c;
            }
        }

        return n == 13 && ResidentRegistrationNumber.TryGetBirthDate(digits, out _);
    }
}

/// <summary>
/// A test helper: scans captured logs, outbox rows, message bodies or any text for RRN-shaped content.
/// Findings report where and a masked excerpt, never the number.
/// </summary>
public static class RrnLeakScanner
{
    /// <summary>One finding: which input (by label) and the masked context around it.</summary>
    public sealed record Finding(string Source, int Position, string MaskedExcerpt);

    public static IReadOnlyList<Finding> Scan(string source, string? text)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        return RrnPattern.Matches(text)
            .Select(m =>
            {
                var start = Math.Max(0, m.Index - 24);
                var end = Math.Min(text.Length, m.Index + m.Length + 24);
                return new Finding(source, m.Index, RrnPattern.Redact(text[start..end]));
            })
            .ToList();
    }

    /// <summary>Scans many labelled texts (e.g. each captured log line).</summary>
    public static IReadOnlyList<Finding> Scan(IEnumerable<KeyValuePair<string, string?>> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.SelectMany(t => Scan(t.Key, t.Value)).ToList();
    }

    /// <summary>Throws when anything RRN-shaped is found; the message lists sources and masked excerpts only.</summary>
    public static void AssertNoLeaks(IEnumerable<KeyValuePair<string, string?>> texts)
    {
        var findings = Scan(texts);
        if (findings.Count > 0)
        {
            throw new RrnLeakException(findings);
        }
    }
}

/// <summary>Raised by <see cref="RrnLeakScanner.AssertNoLeaks"/>.</summary>
public sealed class RrnLeakException(IReadOnlyList<RrnLeakScanner.Finding> findings)
    : Exception($"{findings.Count} RRN-shaped value(s) found: " + string.Join("; ", findings.Take(20).Select(f => $"{f.Source}@{f.Position}: {f.MaskedExcerpt}")))
{
    public IReadOnlyList<RrnLeakScanner.Finding> Findings { get; } = findings;
}
