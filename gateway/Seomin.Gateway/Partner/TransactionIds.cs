using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Seomin.Access;
using Seomin.Gateway.Security;

namespace Seomin.Gateway.Partner;

/// <summary>
/// The 25-character <c>x-api-tran-id</c> of the Korean MyData convention: 10 characters of institution code,
/// one character naming who generated it, 14 random characters. A partner's valid id is echoed; otherwise the
/// gateway generates one as <c>{partner code padded to 10}S{14 random A-Z0-9}</c> ('S' = issued by Seomin).
/// </summary>
public sealed partial class TransactionIds(RequestDelegate next)
{
    public const string HeaderName = "x-api-tran-id";
    public const int Length = 25;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/partner", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var incoming = context.Request.Headers[HeaderName].ToString();
        var valid = incoming.Length == 0 || ValidFormat().IsMatch(incoming);
        var tranId = incoming.Length > 0 && valid ? incoming : Generate(context.User.GetPartnerCode());
        context.Request.Headers[HeaderName] = tranId;
        context.Items[HeaderName] = tranId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = tranId;
            return Task.CompletedTask;
        });

        if (!valid)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidTransactionId,
                "Invalid x-api-tran-id", "x-api-tran-id must be 25 letters or digits; omit it and the gateway generates one.");
            return;
        }

        await next(context);
    }

    public static string Generate(string? partnerCode)
    {
        var prefix = new string((partnerCode ?? "SEOMINGW").ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).Take(10).ToArray())
            .PadRight(10, '0');
        return string.Concat(prefix, "S", RandomNumberGenerator.GetString(Alphabet, 14));
    }

    public static string Current(HttpContext context) => context.Items[HeaderName] as string ?? Generate(context.User.GetPartnerCode());

    [GeneratedRegex("^[A-Za-z0-9]{25}$")]
    private static partial Regex ValidFormat();
}
