using System.Globalization;

namespace Seomin.Bench.Platform;

/// <summary>Command-line options shared by the modes (each has a default that fits this machine).</summary>
internal sealed record Options
{
    public Uri Gateway { get; init; } = new("http://127.0.0.1:8080");

    public int Year { get; init; } = 2020;

    public double Scale { get; init; } = 1.0;

    public int Concurrency { get; init; } = 12;

    /// <summary>
    /// The generator's seed (resident registration numbers, amounts): a new one per run by default, since a second run
    /// with the same numbers meets the first run's people (existing exposure, dormant assets already paid).
    /// </summary>
    public int Seed { get; init; } = (int)(DateTime.UtcNow.Ticks % int.MaxValue);

    public double Minutes { get; init; } = 30;

    /// <summary>Steady/soak: guarantee flows started per second (each is 5–7 requests, with the other flows mixed in).</summary>
    public double Rate { get; init; } = 2;

    public int SettleSeconds { get; init; } = 300;

    /// <summary>
    /// Whether the run raises its clients' gateway quotas for its length and restores them after (<c>--quotas raise|keep</c>;
    /// null: the mode's default — replay raises, soak and steady keep the clients' own quotas).
    /// </summary>
    public bool? RaiseQuotas { get; init; }

    /// <summary>The per-second quota during a raised run (the token service allows 1–10,000).</summary>
    public int QuotaPerSecond { get; init; } = 5_000;

    /// <summary>The 24-hour quota during a raised run (at most 100,000,000; the year is about 400,000 requests of one client).</summary>
    public int QuotaPerDay { get; init; } = 20_000_000;

    public string? Report { get; init; }

    public string? AcceptedFile { get; init; }

    public string? StatusFile { get; init; }

    /// <summary>The worktree the AppHost runs from: the service processes are recognised by it.</summary>
    public string Root { get; init; } = Directory.GetCurrentDirectory();

    public string DataDir { get; init; } = Environment.GetEnvironmentVariable("SEOMIN_DATA_DIR") ?? "/tmp/replay-data";

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--gateway" => o with { Gateway = new Uri(value) },
                "--year" => o with { Year = int.Parse(value, CultureInfo.InvariantCulture) },
                "--scale" => o with { Scale = double.Parse(value, CultureInfo.InvariantCulture) },
                "--concurrency" => o with { Concurrency = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--minutes" => o with { Minutes = double.Parse(value, CultureInfo.InvariantCulture) },
                "--rate" => o with { Rate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--settle" => o with { SettleSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--report" => o with { Report = value },
                "--accepted" => o with { AcceptedFile = value },
                "--status" => o with { StatusFile = value },
                "--quotas" => o with
                {
                    RaiseQuotas = value switch
                    {
                        "raise" => true,
                        "keep" => false,
                        _ => throw new ArgumentException("--quotas takes raise or keep"),
                    },
                },
                "--quota-per-second" => o with { QuotaPerSecond = int.Parse(value, CultureInfo.InvariantCulture) },
                "--quota-per-day" => o with { QuotaPerDay = int.Parse(value, CultureInfo.InvariantCulture) },
                "--root" => o with { Root = value },
                "--data-dir" => o with { DataDir = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        return o;
    }
}
