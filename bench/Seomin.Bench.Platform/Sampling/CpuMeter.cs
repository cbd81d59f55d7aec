using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Seomin.Bench.Platform.Sampling;

/// <summary>
/// CPU time spent per resource over a window, from /proc/&lt;pid&gt;/stat (user + system, plus the time of reaped
/// children, which for PostgreSQL's postmaster is its exited backends), the driver's own, and the whole machine's busy
/// share from /proc/stat: which process the sending window's throughput is bound by, and whether the cores were full.
/// </summary>
internal sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly ProcessSampler _sampler;
    private readonly Dictionary<int, (string Name, double Seconds)> _start;
    private readonly (double Busy, double Total) _machineStart;
    private readonly TimeSpan _driverStart;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public CpuMeter(ProcessSampler sampler)
    {
        _sampler = sampler;
        _start = Read(sampler.Find());
        _machineStart = Machine();
        _driverStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>The window so far: CPU seconds per resource (and the driver), the machine's busy share of all its cores.</summary>
    public CpuUse Stop()
    {
        var wall = _wall.Elapsed;
        var now = Read(_sampler.Find());
        var perResource = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (pid, (name, seconds)) in now)
        {
            var before = _start.TryGetValue(pid, out var s) ? s.Seconds : 0;
            perResource[name] = perResource.GetValueOrDefault(name) + Math.Max(0, seconds - before);
        }

        perResource["driver (this process)"] = (Process.GetCurrentProcess().TotalProcessorTime - _driverStart).TotalSeconds;
        var (busy, total) = Machine();
        var machineBusy = total > _machineStart.Total ? (busy - _machineStart.Busy) / (total - _machineStart.Total) : 0;
        return new CpuUse(wall, perResource, machineBusy, Environment.ProcessorCount);
    }

    private static Dictionary<int, (string, double)> Read(Dictionary<string, List<int>> processes)
    {
        var result = new Dictionary<int, (string, double)>();
        foreach (var (name, pids) in processes)
        {
            foreach (var pid in pids)
            {
                if (Seconds(pid) is { } seconds)
                {
                    result[pid] = (name, seconds);
                }
            }
        }

        return result;
    }

    private static double? Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command (which may hold spaces) in parentheses: state is field 3, utime 14 … cstime 17.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            return ticks / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (double Busy, double Total) Machine()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..9]
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = cpu[3] + cpu[4];
        var total = cpu.Sum();
        return (total - idle, total);
    }
}

/// <summary>CPU seconds per resource over a wall time, and the machine's busy share.</summary>
internal sealed record CpuUse(TimeSpan Wall, Dictionary<string, double> Seconds, double MachineBusy, int Cores)
{
    public string Render()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var wall = Math.Max(0.001, Wall.TotalSeconds);
        var sum = Seconds.Values.Sum();
        text.AppendLine(inv, $"CPU during the sending window ({Wall:mm\\:ss}, {Cores} cores; the machine was {MachineBusy:P0} busy, every process on it counted):");
        text.AppendLine();
        text.AppendLine("| process | CPU seconds | cores used (avg) | share of the platform's CPU |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, seconds) in Seconds.OrderByDescending(p => p.Value))
        {
            text.AppendLine(inv, $"| {name} | {seconds:N0} | {seconds / wall:N2} | {seconds / Math.Max(0.001, sum):P0} |");
        }

        text.AppendLine(inv, $"| all of the above | {sum:N0} | {sum / wall:N2} | |");
        return text.ToString();
    }
}
