using System.Security.Cryptography;
using Seomin.PersonalData;

namespace Seomin.Security.Tests;

public sealed class FieldCipherTests
{
    private readonly KeyRing _ring = KeyRing.Generate("k1");

    [Fact]
    public void Encrypt_WhenDecrypted_ReturnsPlaintextAndCarriesKeyId()
    {
        var cipher = new AesGcmFieldCipher(_ring);

        var ciphertext = cipher.Encrypt("서울시 중구 123");

        Assert.StartsWith("sm1:k1:", ciphertext, StringComparison.Ordinal);
        Assert.DoesNotContain("123", ciphertext[7..], StringComparison.Ordinal);
        Assert.Equal("서울시 중구 123", cipher.Decrypt(ciphertext));
    }

    [Fact]
    public void EncryptAndDecrypt_FromManyThreadsAtOnce_RoundTripEveryValueUnderBothKeys()
    {
        // The cipher reuses one AesGcm per key and thread: parallel callers must never share one mid-operation.
        using var writer = new AesGcmFieldCipher(_ring);
        var old = Enumerable.Range(0, 200).Select(i => writer.Encrypt($"이전 {i}")).ToArray();
        using var cipher = new AesGcmFieldCipher(_ring.Rotate("k2"));
        var failures = 0;

        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var value = $"주소 {i} 인천광역시 남동구";
            var fresh = cipher.Encrypt(value);
            if (cipher.Decrypt(fresh) != value || !fresh.StartsWith("sm1:k2:", StringComparison.Ordinal) || cipher.Decrypt(old[i % 200]) != $"이전 {i % 200}")
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Encrypt_WhenSamePlaintextTwice_GivesDifferentCiphertext()
    {
        var cipher = new AesGcmFieldCipher(_ring);

        Assert.NotEqual(cipher.Encrypt("same"), cipher.Encrypt("same"));
    }

    [Fact]
    public void Decrypt_WhenKeyRotated_ReadsOldAndWritesNew()
    {
        var old = new AesGcmFieldCipher(_ring).Encrypt("before rotation");
        var rotated = new AesGcmFieldCipher(_ring.Rotate("k2"));

        var fresh = rotated.Encrypt("after rotation");

        Assert.Equal("before rotation", rotated.Decrypt(old));
        Assert.StartsWith("sm1:k2:", fresh, StringComparison.Ordinal);
        Assert.Equal("after rotation", rotated.Decrypt(fresh));
    }

    [Fact]
    public void Decrypt_WhenCiphertextTampered_Throws()
    {
        var cipher = new AesGcmFieldCipher(_ring);
        var envelope = cipher.Encrypt("amount 1000");
        var payload = Convert.FromBase64String(envelope[7..]);
        payload[^1] ^= 0x01;

        var tampered = "sm1:k1:" + Convert.ToBase64String(payload);

        Assert.Throws<CryptographicException>(() => cipher.Decrypt(tampered));
    }

    [Fact]
    public void Decrypt_WhenKeyIdSwapped_FailsAuthentication()
    {
        var ring = _ring.Rotate("k2");
        var cipher = new AesGcmFieldCipher(ring);
        var envelope = cipher.Encrypt("value");

        var swapped = envelope.Replace("sm1:k2:", "sm1:k1:", StringComparison.Ordinal);

        Assert.Throws<CryptographicException>(() => cipher.Decrypt(swapped));
    }

    [Fact]
    public void Decrypt_WhenKeyUnknownOrEnvelopeMalformed_Throws()
    {
        var other = new AesGcmFieldCipher(KeyRing.Generate("other"));
        var cipher = new AesGcmFieldCipher(_ring);

        Assert.Throws<CryptographicException>(() => cipher.Decrypt(other.Encrypt("x")));
        Assert.Throws<CryptographicException>(() => cipher.Decrypt("plaintext"));
        Assert.Throws<CryptographicException>(() => cipher.Decrypt("sm1:k1:!!!"));
    }

    [Fact]
    public void KeyRing_WhenKeyWrongSizeOrActiveMissing_Throws()
    {
        var hmac = RandomNumberGenerator.GetBytes(32);

        Assert.Throws<InvalidOperationException>(() => new KeyRing("k1", new Dictionary<string, byte[]> { ["k1"] = new byte[16] }, hmac, RandomNumberGenerator.GetBytes(32)));
        Assert.Throws<InvalidOperationException>(() => new KeyRing("k9", new Dictionary<string, byte[]> { ["k1"] = new byte[32] }, hmac, RandomNumberGenerator.GetBytes(32)));
        Assert.Throws<InvalidOperationException>(() => new KeyRing("k1", new Dictionary<string, byte[]> { ["k1"] = new byte[32] }, hmac, hmac));
    }
}
