using Seomin.BusinessTime;

namespace Seomin.Counseling.Tests.Domain;

internal static class Seoul
{
    public static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) =>
        BusinessClock.At(new DateOnly(year, month, day), new TimeOnly(hour, minute));
}
