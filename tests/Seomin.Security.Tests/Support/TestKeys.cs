using Seomin.PersonalData;

namespace Seomin.Security.Tests.Support;

/// <summary>
/// Keys shared by the database tests: EF Core builds one internal service provider (and model) per
/// cipher instance, as an application does with its singleton cipher.
/// </summary>
internal static class TestKeys
{
    public static readonly KeyRing Ring = KeyRing.Generate("k1");

    public static readonly KeyRing Rotated = Ring.Rotate("k2");

    public static readonly AesGcmFieldCipher Cipher = new(Ring);

    public static readonly AesGcmFieldCipher RotatedCipher = new(Rotated);
}
