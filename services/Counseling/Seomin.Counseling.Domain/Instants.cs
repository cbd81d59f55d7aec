namespace Seomin.Counseling.Domain;

/// <summary>Instants as stored: UTC with microsecond precision (PostgreSQL's), so a value reads back equal.</summary>
public static class Instants
{
    public static DateTimeOffset Normalize(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}
