using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Seomin.Gateway.Security;

namespace Seomin.Gateway.Routing;

/// <summary>
/// Cheap checks before anything is proxied: an oversized body is refused with 413 from its Content-Length (and
/// capped for chunked bodies), and a page size above the maximum is rewritten to the maximum. The partner API and the
/// token service's routes (forms, small JSON) share the small partner limit.
/// </summary>
public sealed class RequestGuards(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = options.Value;
        var path = context.Request.Path;
        var small = path.StartsWithSegments("/partner", StringComparison.OrdinalIgnoreCase)
            || gateway.Identity.PathPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
        var limit = small ? gateway.PartnerMaxRequestBodySize : LimitForApi(path, gateway);
        if (context.Request.ContentLength > limit)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.BodyTooLarge,
                "Request body too large", $"The body may not exceed {limit} bytes.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        CapPageSize(context.Request, gateway.MaxPageSize);
        await next(context);
    }

    private static long LimitForApi(PathString path, GatewayOptions gateway)
    {
        foreach (var service in gateway.Services.Values)
        {
            if (service.MaxRequestBodySize is { } limit && path.StartsWithSegments(service.PathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return limit;
            }
        }

        return gateway.ApiMaxRequestBodySize;
    }

    private static void CapPageSize(HttpRequest request, int maxPageSize)
    {
        var query = request.Query;
        var changed = false;
        var rewritten = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in query)
        {
            if (string.Equals(key, "pageSize", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)
                && size > maxPageSize)
            {
                rewritten[key] = maxPageSize.ToString(CultureInfo.InvariantCulture);
                changed = true;
            }
            else
            {
                rewritten[key] = value;
            }
        }

        if (changed)
        {
            request.QueryString = QueryString.Create(rewritten);
        }
    }
}
