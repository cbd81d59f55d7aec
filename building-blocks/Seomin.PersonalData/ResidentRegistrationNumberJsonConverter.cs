using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seomin.PersonalData;

/// <summary>
/// Reads a <see cref="ResidentRegistrationNumber"/> from a JSON string and writes only its masked form
/// (<c>YYMMDD-*******</c>). An invalid value raises a <see cref="JsonException"/> whose message never
/// contains the input; the serializer adds the field path, which Problem Details reports as the field.
/// </summary>
public sealed class ResidentRegistrationNumberJsonConverter : JsonConverter<ResidentRegistrationNumber>
{
    /// <summary>The message of the <see cref="JsonException"/> for an invalid number.</summary>
    public const string InvalidMessage = "The value is not a valid resident registration number (YYMMDD-NNNNNNN or 13 digits with a valid date).";

    public override ResidentRegistrationNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException(InvalidMessage);
        }

        // Bounded: anything longer than a number with surrounding blanks is invalid without copying it.
        if (reader.ValueSpan.Length > 64 || reader.HasValueSequence)
        {
            throw new JsonException(InvalidMessage);
        }

        Span<char> buffer = stackalloc char[64];
        var length = reader.CopyString(buffer);
        if (!ResidentRegistrationNumber.TryParse(buffer[..length], out var rrn))
        {
            buffer.Clear();
            throw new JsonException(InvalidMessage);
        }

        buffer.Clear();
        return rrn;
    }

    public override void Write(Utf8JsonWriter writer, ResidentRegistrationNumber value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Masked);
    }
}
