using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Seomin.Gateway.Security;

namespace Seomin.Gateway.RateLimiting;

/// <summary>
/// Per-client quotas from the client record: a one-second window and a 24-hour window, chained. Requests without
/// a token are limited per IP address. Counters live in this replica's memory (see ADR 0007).
/// </summary>
public static class QuotaRateLimiting
{
    private const string DailyPrefix = "day:";

    public static IServiceCollection AddQuotaRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayOptions>>((limiter, gateway) =>
        {
            var options = gateway.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                {
                    if (context.Features.Get<ClientContext>() is { } client)
                    {
                        return RateLimitPartition.GetFixedWindowLimiter($"sec:{client.ClientId}:{client.PerSecondLimit}", _ =>
                            Window(client.PerSecondLimit, TimeSpan.FromSeconds(1)));
                    }

                    var ip = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
                    return RateLimitPartition.GetFixedWindowLimiter($"ip:{ip}", _ =>
                        Window(options.AnonymousPerSecondLimit, TimeSpan.FromSeconds(1)));
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.Features.Get<ClientContext>() is { } client
                        ? RateLimitPartition.GetFixedWindowLimiter($"{DailyPrefix}{client.ClientId}:{client.PerDayLimit}", _ =>
                            Window(client.PerDayLimit, TimeSpan.FromDays(1)))
                        : RateLimitPartition.GetNoLimiter("anonymous")));
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var context = rejected.HttpContext;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var daily = seconds > 1;
        await GatewayProblems.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            daily ? ErrorCodes.DailyQuotaExceeded : ErrorCodes.RateLimited,
            daily ? "Daily quota exceeded" : "Too many requests",
            $"Retry after {seconds} s.");
    }
}
