using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Seomin.Subrogation.Api.Data;

namespace Seomin.Subrogation.Api.Features.Certificates;

/// <summary>Renders a stored debt-balance certificate (채무잔액 확인서) as a one-page A4 PDF; the number is also in the document's metadata.</summary>
public static class CertificatePdf
{
    public static byte[] Render(BalanceCertificate c, string issuer)
    {
        CertificateFontResolver.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = $"채무잔액 확인서 {c.Number}";
        document.Info.Subject = c.Number;
        document.Info.Author = issuer;
        document.Info.Keywords = $"certificate {c.Number}";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
            var title = new XFont(CertificateFontResolver.Family, 22, XFontStyleEx.Bold, options);
            var body = new XFont(CertificateFontResolver.Family, 12, XFontStyleEx.Regular, options);
            var small = new XFont(CertificateFontResolver.Family, 9, XFontStyleEx.Regular, options);
            const double left = 60;
            var y = 80.0;
            gfx.DrawString("채무잔액 확인서", title, XBrushes.Black, new XRect(0, y, page.Width.Point, 30), XStringFormats.TopCenter);
            y += 60;
            void Line(string label, string value)
            {
                gfx.DrawString(label, body, XBrushes.Black, new XPoint(left, y));
                gfx.DrawString(value, body, XBrushes.Black, new XPoint(left + 150, y));
                y += 24;
            }

            Line("확인서 번호", c.Number);
            Line("채무자", $"{c.DebtorNameMasked} ({c.DebtorRrnMasked})");
            Line("기준일", c.AsOf.ToString("yyyy년 MM월 dd일", CultureInfo.InvariantCulture));
            y += 10;
            Line("원금", Won(c.Principal));
            Line("손해금 (지연손해금)", Won(c.LateCharge));
            Line("비용", Won(c.Costs));
            gfx.DrawLine(XPens.Black, left, y - 14, page.Width.Point - left, y - 14);
            Line("합계", Won(c.Total));
            y += 30;
            gfx.DrawString("위 금액은 기준일 현재 구상채권의 잔액임을 확인합니다.", body, XBrushes.Black, new XPoint(left, y));
            y += 40;
            gfx.DrawString($"발급일시 {c.IssuedAt:yyyy-MM-dd HH:mm} UTC  ·  {issuer}", body, XBrushes.Black, new XPoint(left, y));
            y += 30;
            gfx.DrawString($"진위 확인: GET /api/subrogation/certificates/{c.Number}", small, XBrushes.Black, new XPoint(left, y));
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static string Won(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "원";
}
