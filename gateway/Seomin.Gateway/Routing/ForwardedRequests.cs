namespace Seomin.Gateway.Routing;

/// <summary>What the gateway changes on a request it forwards.</summary>
public static class ForwardedRequests
{
    /// <summary>
    /// <c>X-Seomin-*</c> headers (once <c>X-Seomin-Client-Id</c> and <c>X-Seomin-Partner-Id</c>, set by the gateway and
    /// trusted by the services) are dropped: identity travels only in the bearer token now, and a caller's copy must
    /// not reach a service that might still read one.
    /// </summary>
    public static bool IsRetiredHeader(string name) => name.StartsWith("X-Seomin-", StringComparison.OrdinalIgnoreCase);
}
