using System.Diagnostics;
using System.Globalization;

namespace Seomin.Bench.Shared;

/// <summary>One endpoint's figures from a closed-loop run, with the load average before and after it.</summary>
internal sealed record Result(string Name, int Count, int Errors, double PerSecond, double P50, double P99, string LoadBefore, string LoadAfter);

/// <summary>
/// The closed-loop load runner the benches share (linked into each bench project from <c>bench/Shared</c>):
/// <c>concurrency</c> workers each send one request, wait for the whole answer, and send the next until the duration
/// is over; the latency is measured to the end of the body; only answers <c>ok</c> accepts are counted, the first
/// refusal is printed.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>Runs <paramref name="send"/> (given a random source of its worker's own) in a closed loop.</summary>
    public static async Task<Result> RunAsync(
        string name, TimeSpan duration, int concurrency, Func<Random, Task<HttpResponseMessage>> send, Func<HttpResponseMessage, bool>? ok = null)
    {
        ok ??= response => response.IsSuccessStatusCode;
        var loadBefore = LoadAverage();
        var latencies = new List<double>[concurrency];
        var errors = 0;
        string? firstError = null;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = [];
            var random = new Random(Random.Shared.Next());
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send(random);
                var body = await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!ok(response))
                {
                    if (Interlocked.Increment(ref errors) == 1)
                    {
                        firstError = $"{(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}";
                    }

                    continue;
                }

                mine.Add(elapsed);
            }
        }));
        var total = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        var result = new Result(name, all.Count, errors, all.Count / total, Percentile(all, 0.50), Percentile(all, 0.99), loadBefore, LoadAverage());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {result.Count} ok, {errors} errors, {result.PerSecond:F0}/s, p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, load {result.LoadBefore} → {result.LoadAfter}{(firstError is null ? "" : "; first error: " + firstError)}"));
        return result;
    }

    /// <summary>GETs <paramref name="path"/>; with <paramref name="ifNoneMatch"/>, a 304 counts as an answer.</summary>
    public static Task<Result> GetAsync(string name, HttpClient client, string path, TimeSpan duration, int concurrency, string? ifNoneMatch = null) =>
        RunAsync(
            name, duration, concurrency,
            _ =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (ifNoneMatch is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
                }

                return client.SendAsync(request);
            },
            response => response.IsSuccessStatusCode || (ifNoneMatch is not null && response.StatusCode == System.Net.HttpStatusCode.NotModified));

    /// <summary>Prints pairs (baseline first) as a Markdown table with the ratio of the second to the first.</summary>
    public static void PrintPairs(IReadOnlyList<Result> results, string ratioName)
    {
        Console.WriteLine();
        Console.WriteLine($"| run | endpoint | requests | errors | req/s | p50 ms | p99 ms | load avg before → after | {ratioName} |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i + 1 < results.Count; i += 2)
        {
            foreach (var x in new[] { results[i], results[i + 1] })
            {
                var name = x.Name.Split(": ", 2);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name[0]} | {name[1]} | {x.Count} | {x.Errors} | {x.PerSecond:F0} | {x.P50:F1} | {x.P99:F1} | {x.LoadBefore} → {x.LoadAfter} | {100 * x.PerSecond / results[i].PerSecond:F0}% |"));
            }
        }
    }

    /// <summary>The one-minute load average (<c>/proc/loadavg</c>), printed beside every figure.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
