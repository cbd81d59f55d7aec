namespace Seomin.Gateway.Routing;

/// <summary>Headers only the gateway may set; any incoming copy is removed before forwarding.</summary>
public static class TrustedHeaders
{
    public const string PartnerId = "X-Seomin-Partner-Id";
    public const string ClientId = "X-Seomin-Client-Id";

    public static readonly string[] All = [PartnerId, ClientId];
}
