namespace Seomin.Testing;

/// <summary>Polls for an eventually consistent outcome instead of sleeping for a fixed time.</summary>
public static class Probe
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it is true or fails with what it waited for.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = DateTime.UtcNow;
        var delay = TimeSpan.FromMilliseconds(25);
        Exception? last = null;
        while (DateTime.UtcNow - started < limit)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex;
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }

        throw new TimeoutException(
            $"Timed out after {limit.TotalSeconds:0.#} s waiting for {description}." +
            (last is null ? string.Empty : $" Last error: {last.GetType().Name}: {last.Message}"));
    }

    /// <summary>Polls until <paramref name="probe"/> returns a value that satisfies <paramref name="accept"/>, and returns it.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, string description, TimeSpan? timeout = null)
    {
        T value = default!;
        await UntilAsync(async () => accept(value = await probe()), description, timeout);
        return value;
    }
}
