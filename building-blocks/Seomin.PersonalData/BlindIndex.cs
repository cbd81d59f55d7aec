namespace Seomin.PersonalData;

/// <summary>
/// A blind index: a keyed HMAC-SHA256 (its own key, not the cipher's or CustomerId's) of a normalised
/// value, stored beside the ciphertext so exact-match lookups work without decrypting.
/// </summary>
public interface IBlindIndex
{
    /// <summary>32 lowercase hex characters (128 bits of HMAC-SHA256) of the trimmed value.</summary>
    string Compute(string value);
}

/// <summary>Blind-index helpers for typed values.</summary>
public static class BlindIndexExtensions
{
    /// <summary>The index of the normalised 13 digits, equal for the hyphenated and plain forms.</summary>
    public static string Compute(this IBlindIndex index, ResidentRegistrationNumber rrn)
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.Compute(rrn.Digits);
    }
}

internal sealed class HmacBlindIndex(IKeyProvider keys) : IBlindIndex
{
    public string Compute(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var mac = Hmac.Compute(keys.BlindIndexKey.Span, value.Trim());
        return Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }
}
