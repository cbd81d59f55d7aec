using Microsoft.Extensions.Diagnostics.HealthChecks;
using Seomin.Counseling.Api.Features.Sla;
using Seomin.BusinessTime;

namespace Seomin.Counseling.Tests.Integration;

public class HolidayCalendarHealthCheckTests
{
    [Theory]
    [InlineData(2026, HealthStatus.Healthy)]
    [InlineData(2027, HealthStatus.Healthy)] // 2027 and 2028 are in the shipped file
    [InlineData(2028, HealthStatus.Degraded)] // 2029 is not yet
    public async Task CheckHealthAsync_WithShippedHolidayFile_CoversThisYearAndNext(int year, HealthStatus expected)
    {
        var clock = new SettableTimeProvider(BusinessClock.At(new DateOnly(year, 6, 1), new TimeOnly(10, 0)));
        var check = new HolidayCalendarHealthCheck(BusinessCalendar.Korean, clock);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(expected, result.Status);
    }
}
