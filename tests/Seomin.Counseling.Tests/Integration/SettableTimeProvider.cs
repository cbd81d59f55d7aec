using System.Diagnostics;

namespace Seomin.Counseling.Tests.Integration;

/// <summary>A clock that runs at real speed from a chosen start and can be moved forward by a test.</summary>
public sealed class SettableTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() =>
        start.ToUniversalTime() + _elapsed.Elapsed + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public void SetUtcNow(DateTimeOffset now) => Advance(now - GetUtcNow());
}
