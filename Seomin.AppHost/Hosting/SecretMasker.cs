using System.Text.RegularExpressions;

namespace Seomin.AppHost.Hosting;

/// <summary>Masks secrets in environment values shown by the State API and the dashboard.</summary>
public static partial class SecretMasker
{
    public const string Placeholder = "****";
    private static readonly string[] SecretWords = ["password", "secret", "key", "token"];

    public static IReadOnlyDictionary<string, string> Mask(IReadOnlyDictionary<string, string> environment) =>
        environment.ToDictionary(e => e.Key, e => MaskValue(e.Key, e.Value), StringComparer.Ordinal);

    public static string MaskValue(string name, string value)
    {
        if (SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            return Placeholder;
        }

        var masked = PasswordPair().Replace(value, m => m.Groups[1].Value + Placeholder);
        return UriCredentials().Replace(masked, m => m.Groups[1].Value + Placeholder + "@");
    }

    [GeneratedRegex(@"((?:^|;)\s*(?:password|pwd)\s*=)[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPair();

    [GeneratedRegex(@"(://[^:/@\s]+:)[^@/\s]*@")]
    private static partial Regex UriCredentials();
}
