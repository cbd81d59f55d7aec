using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Seomin.Access;
using Seomin.Gateway.Security;

namespace Seomin.Gateway.RateLimiting;

/// <summary>
/// Quotas per caller, counted in Redis so they hold across every gateway replica: a one-second window and a 24-hour
/// window, counted together in one script call (<see cref="SharedQuotaLimiter"/>), with the limits the token carries (<c>quota_per_second</c>, <c>quota_per_day</c>; configured
/// defaults otherwise). A person is counted by employee number (<c>sub</c>), a system by <c>client_id</c>; a request
/// without a valid token by IP address. See docs/adr/0015-gateway-edge-and-shared-quotas.md.
/// </summary>
public static class QuotaRateLimiting
{
    public static IServiceCollection AddQuotaRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<QuotaStore>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            QuotaStore.ConnectionStringName,
            sp => new QuotaStoreHealthCheck(sp.GetRequiredService<QuotaStore>()),
            // Degraded, not unhealthy: without Redis the replica still serves, with its own counters.
            failureStatus: HealthStatus.Degraded,
            tags: ["ready"],
            timeout: TimeSpan.FromSeconds(3)));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayOptions>, QuotaStore>((limiter, gateway, store) =>
        {
            var options = gateway.Value;
            var prefix = options.QuotaKeyPrefix;
            limiter.GlobalLimiter = new SharedQuotaLimiter(store, context =>
            {
                if (CallerOf(context.User) is { } caller)
                {
                    var perSecond = context.User.GetQuota(SeominClaims.QuotaPerSecond) is > 0 and var s ? s : options.DefaultPerSecondLimit;
                    var perDay = context.User.GetQuota(SeominClaims.QuotaPerDay) is > 0 and var d ? d : options.DefaultPerDayLimit;
                    return new QuotaPartition($"{prefix}{caller}", perSecond, perDay, Anonymous: false);
                }

                var ip = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
                return new QuotaPartition($"{prefix}ip:{ip}", options.AnonymousPerSecondLimit, PerDay: null, Anonymous: true);
            });
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>Whose quota a request counts against: the employee for a person, the client for a system; null without a valid token.</summary>
    public static string? CallerOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        return user.IsPerson() && user.GetSubject() is { } subject
            ? $"staff:{subject}"
            : user.GetClientId() is { } clientId ? $"client:{clientId}" : null;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var lease = rejected.Lease;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var wait) && wait is TimeSpan span ? span : TimeSpan.FromSeconds(1);
        var window = lease.TryGetMetadata(SharedQuotaLimiter.QuotaLease.WindowMetadata, out var kind) && kind is QuotaWindow w ? w : QuotaWindow.PerSecond;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var context = rejected.HttpContext;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var daily = window == QuotaWindow.PerDay;
        await GatewayProblems.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            daily ? ErrorCodes.DailyQuotaExceeded : ErrorCodes.RateLimited,
            daily ? "Daily quota exceeded" : "Too many requests",
            $"Retry after {seconds} s.");
    }

    /// <summary>PING on the shared store; not configured counts as healthy (one replica counting alone is by choice).</summary>
    private sealed class QuotaStoreHealthCheck(QuotaStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!store.IsConfigured)
            {
                return HealthCheckResult.Healthy("No shared quota store configured: this replica counts alone.");
            }

            try
            {
                var latency = await store.Connection.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F0} ms");
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "The shared quota store does not answer; quotas are per replica.", ex);
            }
        }
    }
}
