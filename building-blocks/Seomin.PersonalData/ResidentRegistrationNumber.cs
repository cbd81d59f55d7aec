using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Seomin.PersonalData.Audit;

namespace Seomin.PersonalData;

/// <summary>
/// A resident registration number (주민등록번호) or a foreigner's registration number (외국인등록번호).
/// Accepts <c>YYMMDD-NNNNNNN</c> or 13 digits; validates the birth date and the century/sex digit
/// (1–4 Koreans born in the 1900s/2000s, 5–8 foreigners, 9/0 born in the 1800s). The old check digit
/// is deliberately not applied: numbers issued since October 2020 have random back digits.
/// <see cref="ToString"/> and JSON never reveal the number; <see cref="Reveal"/> is the only way to the
/// digits and it records an <see cref="AuditAction.Unmask"/> row.
/// </summary>
[JsonConverter(typeof(ResidentRegistrationNumberJsonConverter))]
[DebuggerDisplay("{ToString(),nq}")]
public readonly record struct ResidentRegistrationNumber
{
    /// <summary>What <see cref="ToString"/> returns: no digit at all, so nothing leaks into logs.</summary>
    public const string Redacted = "******-*******";

    private readonly string? _digits;

    private ResidentRegistrationNumber(string digits, DateOnly birthDate)
    {
        _digits = digits;
        BirthDate = birthDate;
    }

    /// <summary>The birth date encoded in the front six digits and the century digit.</summary>
    public DateOnly BirthDate { get; }

    /// <summary>True when the seventh digit marks a foreigner's registration number (5–8).</summary>
    public bool IsForeigner => _digits is not null && _digits[6] is >= '5' and <= '8';

    /// <summary>True for <c>default</c>, which holds no number.</summary>
    public bool IsEmpty => _digits is null;

    /// <summary>The display form of the masking standard: <c>YYMMDD-*******</c>.</summary>
    public string Masked => _digits is null ? Redacted : string.Concat(_digits.AsSpan(0, 6), "-*******");

    /// <summary>The 13 digits, for the cipher, blind index and CustomerId only. Never for display.</summary>
    internal string Digits => _digits ?? throw new InvalidOperationException("The resident registration number is empty.");

    /// <summary>Parses, throwing a <see cref="FormatException"/> that never contains the input.</summary>
    public static ResidentRegistrationNumber Parse(string value) =>
        TryParse(value, out var rrn)
            ? rrn
            : throw new FormatException("The value is not a valid resident registration number.");

    /// <summary>Parses <c>YYMMDD-NNNNNNN</c> or 13 digits (surrounding white space ignored).</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out ResidentRegistrationNumber rrn) =>
        TryParse(value.AsSpan(), out rrn);

    /// <inheritdoc cref="TryParse(string?, out ResidentRegistrationNumber)"/>
    public static bool TryParse(ReadOnlySpan<char> value, out ResidentRegistrationNumber rrn)
    {
        rrn = default;
        value = value.Trim();
        Span<char> digits = stackalloc char[13];
        if (value.Length == 14 && value[6] == '-')
        {
            value[..6].CopyTo(digits);
            value[7..].CopyTo(digits[6..]);
        }
        else if (value.Length == 13)
        {
            value.CopyTo(digits);
        }
        else
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (!TryGetBirthDate(digits, out var birthDate))
        {
            return false;
        }

        rrn = new ResidentRegistrationNumber(new string(digits), birthDate);
        return true;
    }

    /// <summary>
    /// Returns the full number with its hyphen, recording an <see cref="AuditAction.Unmask"/> row in
    /// <paramref name="auditTrail"/> (it commits with the caller's next SaveChanges). A reason is required.
    /// </summary>
    public string Reveal(IAuditTrail auditTrail, CustomerId subject, string reason, string resourceType = "ResidentRegistrationNumber", string? resourceId = null)
    {
        ArgumentNullException.ThrowIfNull(auditTrail);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var digits = Digits;
        auditTrail.Record(new AuditEntry(AuditAction.Unmask, resourceType, resourceId) { Subject = subject, Reason = reason });
        return string.Concat(digits.AsSpan(0, 6), "-", digits.AsSpan(6));
    }

    /// <summary>Never the digits: use <see cref="Masked"/> for display and <see cref="Reveal"/> to unmask.</summary>
    public override string ToString() => Redacted;

    internal static bool TryGetBirthDate(ReadOnlySpan<char> digits, out DateOnly birthDate)
    {
        birthDate = default;
        var century = digits[6] switch
        {
            '1' or '2' or '5' or '6' => 1900,
            '3' or '4' or '7' or '8' => 2000,
            _ => 1800, // 9 and 0
        };
        var year = century + ((digits[0] - '0') * 10) + (digits[1] - '0');
        var month = ((digits[2] - '0') * 10) + (digits[3] - '0');
        var day = ((digits[4] - '0') * 10) + (digits[5] - '0');
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        birthDate = new DateOnly(year, month, day);
        return true;
    }
}
