using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Seomin.LocalServers;
using Seomin.Testing;

namespace Seomin.Bench.Gateway;

/// <summary>
/// Starts the backend, a bare YARP and the real gateway (Release build, its own process, Redis quotas, a loopback
/// token authority), then for each round drives the same authenticated GET direct, through bare YARP and through the
/// gateway with wrk, reading each proxy's CPU time (utime + stime from /proc) before and after. Reports throughput,
/// p50/p99 and CPU per request side by side, and the ratios the issue sets goals for.
/// </summary>
internal static partial class Runner
{
    private const string Path = "/api/guarantees/products";

    public static async Task<int> RunAsync(string[] args)
    {
        var gatewayDll = Arg(args, "--gateway") ?? throw new ArgumentException("--gateway <path to Seomin.Gateway.dll> is required");
        var duration = int.Parse(Arg(args, "--duration") ?? "15", CultureInfo.InvariantCulture);
        var connections = int.Parse(Arg(args, "--connections") ?? "32", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Arg(args, "--rounds") ?? "2", CultureInfo.InvariantCulture);
        // Long enough for tiered compilation to settle: on a busy machine the gateway (far more code than bare YARP)
        // was still JIT-compiling hundreds of methods a second after a 5-second warm-up, at a seventh of its throughput.
        var warmup = int.Parse(Arg(args, "--warmup") ?? "30", CultureInfo.InvariantCulture);
        var report = Arg(args, "--report");
        // Diagnosis: the gateway counting quotas in its own memory instead of Redis.
        var sharedQuotas = !args.Contains("--local-quotas");
        var self = typeof(Runner).Assembly.Location;
        var loadBefore = File.ReadAllText("/proc/loadavg").Split(' ')[..3];

        await using var authority = await TestTokenAuthority.StartAsync();
        await using var redis = await RedisServer.StartDedicatedAsync();
        var (backendUrl, yarpUrl, gatewayUrl) = ($"http://127.0.0.1:{LocalPorts.Free()}", $"http://127.0.0.1:{LocalPorts.Free()}", $"http://127.0.0.1:{LocalPorts.Free()}");
        using var backend = Start("dotnet", [self, "backend", backendUrl], null, []);
        using var yarp = Start("dotnet", [self, "yarp", yarpUrl, backendUrl], null, []);
        using var gateway = Start("dotnet", [gatewayDll], System.IO.Path.GetDirectoryName(gatewayDll), new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = gatewayUrl,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Seomin__Identity__Authority"] = authority.Issuer,
            ["Seomin__Identity__Issuer"] = authority.Issuer,
            ["Seomin__Identity__RequireHttpsMetadata"] = "false",
            ["ConnectionStrings__quotas"] = sharedQuotas ? redis.ConnectionString : "",
            ["services__guarantee__http__0"] = backendUrl,
            ["services__identity__http__0"] = authority.Issuer,
        });
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var url in new[] { backendUrl, yarpUrl, gatewayUrl })
            {
                await WaitAliveAsync(http, url + "/alive");
            }

            // An internal client whose quotas cannot bind the run: the quota work is done on every request, never refused.
            var token = authority.Issue(new Dictionary<string, object>
            {
                ["sub"] = "bench", ["client_id"] = "bench", ["client_type"] = "internal", ["role"] = new[] { "guarantee-officer" },
                ["quota_per_second"] = 100_000_000, ["quota_per_day"] = 2_000_000_000,
            }, ["gateway", "guarantee"], lifetime: TimeSpan.FromHours(2));
            using (var probe = new HttpRequestMessage(HttpMethod.Get, gatewayUrl + Path))
            {
                probe.Headers.Authorization = new("Bearer", token);
                var answer = await http.SendAsync(probe);
                if (!answer.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"the gateway answered {(int)answer.StatusCode} to the benchmark's request");
                }
            }

            if (Arg(args, "--hold") is { } holdFile)
            {
                // Profiling: leave the three processes running and say where they are (until the file is deleted).
                await File.WriteAllTextAsync(holdFile, $"DIRECT={backendUrl}\nYARP={yarpUrl}\nGATEWAY={gatewayUrl}\nGATEWAY_PID={gateway.Id}\nTOKEN={token}\n");
                while (File.Exists(holdFile))
                {
                    await Task.Delay(500);
                }

                return 0;
            }

            var targets = new (string Name, string Url, Process? Proxy)[] { ("direct", backendUrl, null), ("bare YARP", yarpUrl, yarp), ("gateway", gatewayUrl, gateway) };
            foreach (var (_, url, _) in targets)
            {
                Wrk(url + Path, token, warmup, connections); // warm-up: JIT tiering, connection pools, the gateway's key and revocation caches
            }

            var results = new List<Result>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, url, proxy) in round % 2 == 1 ? targets : targets.Reverse())
                {
                    var proxyBefore = proxy is null ? 0 : CpuMs(proxy);
                    var backendBefore = CpuMs(backend);
                    var run = Wrk(url + Path, token, duration, connections);
                    var proxyCpu = proxy is null ? 0 : CpuMs(proxy) - proxyBefore;
                    var backendCpu = CpuMs(backend) - backendBefore;
                    results.Add(new Result(round, name, run.Requests, run.PerSecond, run.P50, run.P99, run.Errors,
                        proxy is null ? null : proxyCpu / run.Requests * 1000, backendCpu / run.Requests * 1000));
                    Console.WriteLine(results[^1]);
                }
            }

            var loadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
            var text = Report(results, duration, connections, loadBefore, loadAfter);
            Console.WriteLine(text);
            if (report is not null)
            {
                await File.WriteAllTextAsync(report, text);
            }

            return results.Any(r => r.Errors > 0) ? 1 : 0;
        }
        finally
        {
            foreach (var p in new[] { backend, yarp, gateway })
            {
                try
                {
                    p.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
            }
        }
    }

    private sealed record Result(int Round, string Target, long Requests, double PerSecond, double P50, double P99, long Errors, double? ProxyCpuUsPerRequest, double BackendCpuUsPerRequest);

    private static string Report(List<Result> results, int duration, int connections, string[] loadBefore, string[] loadAfter)
    {
        static double Median(IEnumerable<double> values)
        {
            var v = values.Order().ToArray();
            return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
        }

        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"wrk -t2 -c{connections} -d{duration}s per target and round after a warm-up per target, rounds alternate the order; load average before {string.Join(" / ", loadBefore)}, after {string.Join(" / ", loadAfter)}.");
        s.AppendLine();
        s.AppendLine("| round | target | requests/s | p50 ms | p99 ms | non-2xx | proxy CPU µs/request | backend CPU µs/request |");
        s.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            s.AppendLine(c, $"| {r.Round} | {r.Target} | {r.PerSecond:N0} | {r.P50:F2} | {r.P99:F2} | {r.Errors} | {(r.ProxyCpuUsPerRequest is { } p ? p.ToString("F1", c) : "—")} | {r.BackendCpuUsPerRequest:F1} |");
        }

        var m = results.GroupBy(r => r.Target).ToDictionary(g => g.Key, g => (
            Rps: Median(g.Select(r => r.PerSecond)), P50: Median(g.Select(r => r.P50)), Cpu: Median(g.Where(r => r.ProxyCpuUsPerRequest is not null).Select(r => r.ProxyCpuUsPerRequest!.Value))));
        s.AppendLine();
        s.AppendLine(c, $"Medians: direct {m["direct"].Rps:N0} req/s, bare YARP {m["bare YARP"].Rps:N0} req/s, gateway {m["gateway"].Rps:N0} req/s.");
        s.AppendLine(c, $"- gateway CPU per request ÷ bare YARP's: **{m["gateway"].Cpu / m["bare YARP"].Cpu:F2}×** ({m["gateway"].Cpu:F1} vs {m["bare YARP"].Cpu:F1} µs; goal ≤ 1.25×)");
        s.AppendLine(c, $"- p50 added by the gateway over direct: **{m["gateway"].P50 - m["direct"].P50:F2} ms** (goal ≤ 1 ms); by bare YARP: {m["bare YARP"].P50 - m["direct"].P50:F2} ms");
        s.AppendLine(c, $"- gateway throughput: {m["gateway"].Rps / m["direct"].Rps:P0} of direct, {m["gateway"].Rps / m["bare YARP"].Rps:P0} of bare YARP");
        return s.ToString();
    }

    private static (long Requests, double PerSecond, double P50, double P99, long Errors) Wrk(string url, string token, int seconds, int connections)
    {
        var psi = new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-H", $"Authorization: Bearer {token}", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var wrk = Process.Start(psi)!;
        var output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var perSecond = double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = NonSuccessLine().Match(output) is { Success: true } e ? long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (requests, perSecond, Percentile(output, "50%"), Percentile(output, "99%"), errors);
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    /// <summary>User + system CPU time of a process in milliseconds (/proc/&lt;pid&gt;/stat fields 14 and 15).</summary>
    private static double CpuMs(Process process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 1000.0 / ClockTicks.Value;
    }

    private static readonly Lazy<long> ClockTicks = new(() =>
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true })!;
        return long.Parse(getconf.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
    });

    private static Process Start(string file, string[] args, string? workingDirectory, Dictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo(file, args) { UseShellExecute = false, RedirectStandardOutput = false, WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory };
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        return Process.Start(psi)!;
    }

    private static async Task WaitAliveAsync(HttpClient http, string url)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{url} did not answer");
    }

    private static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is >= 0 and var i && i + 1 < args.Length ? args[i + 1] : null;

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccessLine();
}
