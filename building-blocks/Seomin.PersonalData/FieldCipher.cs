using System.Security.Cryptography;
using System.Text;

namespace Seomin.PersonalData;

/// <summary>
/// Authenticated field encryption. The ciphertext carries the key id, so text written under an older
/// key stays readable after rotation. Replaceable (e.g. by ARIA/SEED under KCMVP) behind this interface.
/// </summary>
public interface IFieldCipher
{
    string Encrypt(string plaintext);

    /// <exception cref="CryptographicException">Unknown key, malformed or tampered ciphertext.</exception>
    string Decrypt(string ciphertext);
}

/// <summary>
/// AES-256-GCM. Envelope: <c>sm1:{keyId}:{base64(nonce[12] ‖ tag[16] ‖ ciphertext)}</c>; the
/// <c>sm1:{keyId}</c> header is the associated data, so a swapped key id fails authentication too.
/// </summary>
/// <remarks>
/// One <see cref="AesGcm"/> per key id and thread, created on first use and reused (an instance holds the expanded key
/// schedule; creating one per call dominated bulk imports). An instance is not safe for concurrent use, hence one per
/// thread; a key id always names the same key bytes (<see cref="KeyRing"/> is immutable), so a cached instance never
/// goes stale. A fresh random nonce is still drawn for every encryption.
/// </remarks>
internal sealed class AesGcmFieldCipher(IKeyProvider keys) : IFieldCipher, IDisposable
{
    internal const string Version = "sm1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly ThreadLocal<Dictionary<string, AesGcm>> _instances = new(() => new Dictionary<string, AesGcm>(StringComparer.Ordinal), trackAllValues: true);

    public void Dispose()
    {
        foreach (var instance in _instances.Values.SelectMany(cache => cache.Values))
        {
            instance.Dispose();
        }

        _instances.Dispose();
    }

    private AesGcm InstanceFor(string keyId, ReadOnlyMemory<byte> key)
    {
        var cache = _instances.Value!;
        if (!cache.TryGetValue(keyId, out var aes))
        {
            aes = new AesGcm(key.Span, TagSize);
            cache.Add(keyId, aes);
        }

        return aes;
    }

    public string Encrypt(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var keyId = keys.ActiveKeyId;
        var header = Encoding.ASCII.GetBytes($"{Version}:{keyId}");
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[NonceSize + TagSize + clear.Length];
        var nonce = payload.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        try
        {
            var aes = InstanceFor(keyId, keys.GetEncryptionKey(keyId));
            aes.Encrypt(nonce, clear, payload.AsSpan(NonceSize + TagSize), payload.AsSpan(NonceSize, TagSize), header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }

        return $"{Version}:{keyId}:{Convert.ToBase64String(payload)}";
    }

    public string Decrypt(string ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        var parts = ciphertext.Split(':');
        if (parts.Length != 3 || parts[0] != Version)
        {
            throw new CryptographicException("The value is not a field-cipher envelope.");
        }

        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw new CryptographicException("The field-cipher envelope is malformed.");
        }

        if (payload.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The field-cipher envelope is malformed.");
        }

        if (!keys.TryGetEncryptionKey(parts[1], out var key))
        {
            throw new CryptographicException($"The field-cipher key '{parts[1]}' is not available.");
        }

        var clear = new byte[payload.Length - NonceSize - TagSize];
        try
        {
            var aes = InstanceFor(parts[1], key);
            aes.Decrypt(
                payload.AsSpan(0, NonceSize),
                payload.AsSpan(NonceSize + TagSize),
                payload.AsSpan(NonceSize, TagSize),
                clear,
                Encoding.ASCII.GetBytes($"{Version}:{parts[1]}"));
            return Encoding.UTF8.GetString(clear);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CryptographicException("The field-cipher envelope failed authentication (tampered or wrong key).");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }
}
