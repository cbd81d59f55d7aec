using Microsoft.Extensions.Diagnostics.HealthChecks;
using Seomin.BusinessTime;

namespace Seomin.Counseling.Api.Features.Sla;

/// <summary>
/// Degraded when the holiday data does not cover this year and the next: deadlines would then ignore
/// holidays, so operators must load the new year's file (Counseling:HolidayFile) before it starts.
/// </summary>
public sealed class HolidayCalendarHealthCheck(BusinessCalendar calendar, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var today = BusinessClock.SeoulDate(clock.GetUtcNow());
        var nextYear = new DateOnly(today.Year + 1, 1, 1);
        var result = calendar.Covers(today) && calendar.Covers(nextYear)
            ? HealthCheckResult.Healthy($"Holidays cover {calendar.FirstCoveredYear}-{calendar.LastCoveredYear}.")
            : HealthCheckResult.Degraded($"Holidays cover {calendar.FirstCoveredYear}-{calendar.LastCoveredYear}; load the file for {today.Year}-{today.Year + 1}.");
        return Task.FromResult(result);
    }
}
