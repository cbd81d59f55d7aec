using PdfSharp.Fonts;

namespace Seomin.Subrogation.Api.Features.Certificates;

/// <summary>
/// PDFsharp finds no fonts by itself on Linux: this resolver serves NanumSquare Regular (SIL OFL 1.1), embedded in
/// the assembly, for every face, so Hangul renders wherever the service runs. Installed once per process.
/// </summary>
internal sealed class CertificateFontResolver : IFontResolver
{
    public const string Family = "NanumSquare";
    private const string Face = "NanumSquareR";
    private const string Resource = "Seomin.Subrogation.Api.Fonts.NanumSquareR.ttf";
    private static readonly Lock Gate = new();
    private static readonly Lazy<byte[]> FontBytes = new(Load);

    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not CertificateFontResolver)
            {
                GlobalFontSettings.FontResolver = new CertificateFontResolver();
            }
        }
    }

    // One regular face: bold and italic are simulated by PDFsharp.
    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(Face, isBold, isItalic);

    public byte[]? GetFont(string faceName) => faceName == Face ? FontBytes.Value : null;

    private static byte[] Load()
    {
        using var stream = typeof(CertificateFontResolver).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded font {Resource} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
