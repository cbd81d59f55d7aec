using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seomin.PersonalData;

/// <summary>
/// A stable pseudonymous customer id: <c>C</c> + base32 of a keyed HMAC-SHA256 of the resident
/// registration number. Identical in every service (same key), safe in events, logs and traces.
/// </summary>
[JsonConverter(typeof(CustomerIdJsonConverter))]
public readonly record struct CustomerId(string Value)
{
    /// <summary>Parses a value produced by <see cref="ICustomerIdFactory"/>; rejects anything else.</summary>
    public static bool TryParse(string? value, out CustomerId customerId)
    {
        customerId = default;
        if (value is null || value.Length != 33 || value[0] != 'C')
        {
            return false;
        }

        foreach (var c in value.AsSpan(1))
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '2' and <= '7')))
            {
                return false;
            }
        }

        customerId = new CustomerId(value);
        return true;
    }

    public override string ToString() => Value ?? string.Empty;
}

/// <summary>Creates <see cref="CustomerId"/>s from resident registration numbers.</summary>
public interface ICustomerIdFactory
{
    CustomerId Create(ResidentRegistrationNumber rrn);
}

internal sealed class HmacCustomerIdFactory(IKeyProvider keys) : ICustomerIdFactory
{
    public CustomerId Create(ResidentRegistrationNumber rrn)
    {
        var mac = Hmac.Compute(keys.CustomerIdKey.Span, rrn.Digits);
        return new CustomerId("C" + Base32.Encode(mac.AsSpan(0, 20)));
    }
}

internal sealed class CustomerIdJsonConverter : JsonConverter<CustomerId>
{
    public override CustomerId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && CustomerId.TryParse(reader.GetString(), out var id)
            ? id
            : throw new JsonException("The value is not a valid customer id.");

    public override void Write(Utf8JsonWriter writer, CustomerId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
