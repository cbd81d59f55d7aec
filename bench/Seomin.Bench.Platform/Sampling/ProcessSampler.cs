using System.Globalization;

namespace Seomin.Bench.Platform.Sampling;

/// <summary>
/// The platform's processes found in /proc by their command line (only those of this AppHost: the command line or
/// the working directory names <see cref="Root"/> or the data folder) and their resident memory (VmRSS; PostgreSQL
/// as the sum of its processes' PSS, since its backends share one buffer pool).
/// </summary>
internal sealed class ProcessSampler(string root, string dataDir)
{
    public static readonly string[] Services =
        ["gateway", "identity", "guarantee", "subrogation", "contributions", "dormant-assets", "counseling", "rabbitmq", "postgres"];

    public string Root { get; } = root;

    /// <summary>Resource name → its processes now.</summary>
    public Dictionary<string, List<int>> Find()
    {
        var found = Services.ToDictionary(s => s, _ => new List<int>(), StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var name = Classify(cmdline);
            if (name is null)
            {
                continue;
            }

            var cwd = Cwd(dir);
            var mine = cmdline.Contains(Root, StringComparison.Ordinal) || cmdline.Contains(dataDir, StringComparison.Ordinal)
                || cwd.StartsWith(Root, StringComparison.Ordinal) || cwd.StartsWith(dataDir, StringComparison.Ordinal);
            if (mine)
            {
                found[name].Add(pid);
            }
        }

        return found;
    }

    private static string Cwd(string dir)
    {
        try
        {
            return new DirectoryInfo(Path.Combine(dir, "cwd")).ResolveLinkTarget(false)?.FullName ?? "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string? Classify(string cmdline)
    {
        if (cmdline.Contains("beam.smp", StringComparison.Ordinal))
        {
            return "rabbitmq";
        }

        // The postmaster (…/bin/postgres -D …) and its children (titles "postgres: checkpointer" etc., cwd = PGDATA).
        if (cmdline.StartsWith("postgres", StringComparison.Ordinal) || cmdline.Contains("/bin/postgres ", StringComparison.Ordinal))
        {
            return "postgres";
        }

        if (cmdline.Contains("dotnet run", StringComparison.Ordinal) || cmdline.Contains("Tests", StringComparison.Ordinal)
            || cmdline.Contains("/bin/dotnet build", StringComparison.Ordinal) || cmdline.Contains("MSBuild", StringComparison.Ordinal))
        {
            return null;
        }

        return cmdline switch
        {
            _ when cmdline.Contains("Seomin.Gateway", StringComparison.Ordinal) => "gateway",
            _ when cmdline.Contains("Seomin.Identity.Api", StringComparison.Ordinal) => "identity",
            _ when cmdline.Contains("Seomin.Guarantee.Api", StringComparison.Ordinal) => "guarantee",
            _ when cmdline.Contains("Seomin.Subrogation.Api", StringComparison.Ordinal) => "subrogation",
            _ when cmdline.Contains("Seomin.Contributions.Api", StringComparison.Ordinal) => "contributions",
            _ when cmdline.Contains("Seomin.DormantAssets.Api", StringComparison.Ordinal) => "dormant-assets",
            _ when cmdline.Contains("Seomin.Counseling.Api", StringComparison.Ordinal) => "counseling",
            _ => null,
        };
    }

    /// <summary>Resident memory in MB per resource (a resource with two processes, the gateway's replicas: the larger one).</summary>
    public Dictionary<string, double> Sample(Dictionary<string, List<int>> processes)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, pids) in processes)
        {
            var values = pids.Select(pid => name == "postgres" ? Kilobytes(pid, "smaps_rollup", "Pss:") : Kilobytes(pid, "status", "VmRSS:"))
                .Where(kb => kb > 0).ToList();
            if (values.Count > 0)
            {
                result[name] = (name == "postgres" ? values.Sum() : values.Max()) / 1024.0;
            }
        }

        return result;
    }

    private static long Kilobytes(int pid, string file, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/{file}"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }
}

/// <summary>Samples every period in the background and keeps the series and each resource's peak.</summary>
internal sealed class MemoryWatch : IAsyncDisposable
{
    private readonly ProcessSampler _sampler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();

    public MemoryWatch(ProcessSampler sampler, TimeSpan period)
    {
        _sampler = sampler;
        _loop = Task.Run(() => LoopAsync(period));
    }

    public Dictionary<string, double> Peaks { get; } = new(StringComparer.Ordinal);

    public List<(TimeSpan At, Dictionary<string, double> Rss)> Series { get; } = [];

    private async Task LoopAsync(TimeSpan period)
    {
        var started = DateTime.UtcNow;
        var processes = _sampler.Find();
        var sinceFind = 0;
        using var timer = new PeriodicTimer(period);
        do
        {
            if (++sinceFind >= 5 || processes.Values.Any(p => p.Count == 0))
            {
                processes = _sampler.Find();
                sinceFind = 0;
            }

            var rss = _sampler.Sample(processes);
            lock (_gate)
            {
                Series.Add((DateTime.UtcNow - started, rss));
                foreach (var (name, mb) in rss)
                {
                    Peaks[name] = Math.Max(Peaks.GetValueOrDefault(name), mb);
                }
            }
        }
        while (await NextAsync(timer));
    }

    private async Task<bool> NextAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public Dictionary<string, double> PeaksNow()
    {
        lock (_gate)
        {
            return new Dictionary<string, double>(Peaks, StringComparer.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
