using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>Reads and forges compact JWTs for the refusal tests (no validation here: the services do that).</summary>
internal static class Jwt
{
    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    /// <summary>The same header and signature with one payload claim changed: a tampered token.</summary>
    public static string Tampered(string token, string claim, string value)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Decode(parts[1]))!.AsObject();
        payload[claim] = value;
        return $"{parts[0]}.{Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
    }

    /// <summary>The real header (its key id) and claims, signed with a key of our own: a forged token.</summary>
    public static string SignedWithOwnKey(string token)
    {
        var parts = token.Split('.');
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var header = JsonNode.Parse(Decode(parts[0]))!.AsObject();
        header["alg"] = "ES256";
        var signingInput = $"{Encode(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{parts[1]}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Encode(signature)}";
    }

    /// <summary>The real claims with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var header = JsonNode.Parse(Decode(parts[0]))!.AsObject();
        header["alg"] = "none";
        header.Remove("kid");
        return $"{Encode(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{parts[1]}.";
    }

    private static JsonElement Part(string token, int index) =>
        JsonDocument.Parse(Decode(token.Split('.')[index])).RootElement.Clone();

    private static byte[] Decode(string part)
    {
        var s = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private static string Encode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
