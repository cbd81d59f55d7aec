namespace Seomin.Messaging;

/// <summary>Generates monotonic version-7 GUIDs for event ids.</summary>
/// <remarks>
/// <see cref="Guid.CreateVersion7()"/> is random within a millisecond; here the 12 bits after the version
/// nibble are a counter, so ids created one after another in a process sort in creation order (RFC 9562
/// method 1). Several events published in one transaction therefore keep their order however EF batches them.
/// </remarks>
public static class MessageIds
{
    private static readonly Lock Gate = new();
    private static long _lastMs;
    private static int _counter;

    /// <summary>A new time-ordered id.</summary>
    public static Guid NewId() => NewId(TimeProvider.System);

    /// <summary>A new time-ordered id using <paramref name="timeProvider"/> for its timestamp.</summary>
    public static Guid NewId(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var nowMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        long ms;
        int counter;
        lock (Gate)
        {
            if (nowMs > _lastMs)
            {
                _lastMs = nowMs;
                _counter = Random.Shared.Next(0, 1024);
            }
            else if (++_counter > 0xFFF)
            {
                // Counter exhausted in this millisecond: borrow the next one (allowed by RFC 9562).
                _lastMs++;
                _counter = 0;
            }

            ms = _lastMs;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[8..]);
        bytes[0] = (byte)(ms >> 40);
        bytes[1] = (byte)(ms >> 32);
        bytes[2] = (byte)(ms >> 24);
        bytes[3] = (byte)(ms >> 16);
        bytes[4] = (byte)(ms >> 8);
        bytes[5] = (byte)ms;
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
