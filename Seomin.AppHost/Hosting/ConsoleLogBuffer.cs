namespace Seomin.AppHost.Hosting;

/// <summary>One line a resource wrote to stdout or stderr, numbered so readers can page with <c>after</c>.</summary>
public sealed record ConsoleLine(long Seq, DateTimeOffset Timestamp, string Stream, string Text);

/// <summary>A bounded ring of the most recent console lines of one resource.</summary>
internal sealed class ConsoleLogBuffer(int capacity = 5000)
{
    private readonly Queue<ConsoleLine> _lines = new();
    private readonly Lock _gate = new();
    private long _seq;

    public void Add(string stream, string text, DateTimeOffset timestamp)
    {
        lock (_gate)
        {
            _lines.Enqueue(new ConsoleLine(++_seq, timestamp, stream, text));
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<ConsoleLine> After(long after, int max = 1000)
    {
        lock (_gate)
        {
            return _lines.Where(l => l.Seq > after).Take(max).ToList();
        }
    }
}
