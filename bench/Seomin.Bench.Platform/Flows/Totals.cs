using System.Collections.Concurrent;

namespace Seomin.Bench.Platform.Flows;

/// <summary>The generator's own totals: named counters (counts and won) added to as the gateway accepts each step.</summary>
internal sealed class Totals
{
    private readonly ConcurrentDictionary<string, long> _values = new(StringComparer.Ordinal);

    public void Add(string name, long value = 1) => _values.AddOrUpdate(name, value, (_, v) => v + value);

    public long this[string name] => _values.GetValueOrDefault(name);

    public IEnumerable<KeyValuePair<string, long>> All => _values.OrderBy(v => v.Key, StringComparer.Ordinal);
}

/// <summary>Ids of what the gateway accepted, one line per effect (kind, id), for the fault suite's exactly-once check.</summary>
internal sealed class AcceptedLog : IDisposable
{
    private readonly StreamWriter? _writer;
    private readonly Lock _gate = new();

    public AcceptedLog(string? path)
    {
        if (path is not null)
        {
            _writer = new StreamWriter(path, append: true) { AutoFlush = true };
        }
    }

    public void Write(string kind, string id, string detail = "")
    {
        if (_writer is null)
        {
            return;
        }

        lock (_gate)
        {
            _writer.WriteLine($"{kind}\t{id}\t{detail}");
        }
    }

    public void Dispose() => _writer?.Dispose();
}
