using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Seomin.Bench.Messaging;
using Seomin.Messaging;
using Seomin.Testing;

// Usage: dotnet run -c Release --project bench/Seomin.Bench.Messaging -- [relayEvents] [rate] [seconds] [output.md] [latencyInFlight]
var relayEvents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var output = args.Length > 3 ? args[3] : null;
var latencyInFlight = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;

Console.WriteLine("Starting private PostgreSQL and RabbitMQ servers...");
await using var postgres = await PostgresServer.StartDedicatedAsync();
await using var rabbit = await RabbitMqServer.StartDedicatedAsync();

// 1. Relay throughput: rows committed first, then timed from the first batch to the last confirm.
// The first configuration runs twice; its first (JIT and connection warm-up) result is discarded.
var throughput = new List<(int BatchSize, int InFlight, double EventsPerSecond)>();
foreach (var (batchSize, inFlight, report) in relayEvents == 0 ? [] : new[] { (200, 1, false), (200, 1, true), (1000, 1, true), (1000, 16, true) })
{
    using var host = await StartHostAsync(await postgres.CreateDatabaseAsync("bench_relay"), await rabbit.CreateVirtualHostAsync("bench-relay"), relayEnabled: false, batchSize, consumers: false, inFlight);
    await FillOutboxAsync(host.Services, relayEvents);
    var worker = ActivatorUtilities.CreateInstance<OutboxRelayWorker>(host.Services);
    var clock = Stopwatch.StartNew();
    var delivered = 0;
    while (delivered < relayEvents)
    {
        delivered += await worker.DeliverBatchAsync(CancellationToken.None);
    }

    clock.Stop();
    var perSecond = delivered / clock.Elapsed.TotalSeconds;
    if (report)
    {
        throughput.Add((batchSize, inFlight, perSecond));
    }

    Console.WriteLine($"relay batch {batchSize}, in flight {inFlight}: {delivered} events in {clock.Elapsed.TotalSeconds:0.00} s = {perSecond:0} events/s");
    await host.StopAsync();
}

// 2. Latency at a steady rate: one transaction per event (state change + outbox row), relay woken by the
// save, consumer behind the inbox. Measured from the outbox Publish call to the consumer running.
using (var host = await StartHostAsync(await postgres.CreateDatabaseAsync("bench_latency"), await rabbit.CreateVirtualHostAsync("bench-latency"), relayEnabled: true, 200, consumers: true, latencyInFlight))
{
    var recorder = host.Services.GetRequiredService<LatencyRecorder>();
    var total = rate * seconds;
    var clock = Stopwatch.StartNew();
    for (var number = 0; number < total; number++)
    {
        var due = TimeSpan.FromSeconds((double)number / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        scope.ServiceProvider.GetRequiredService<IOutbox>().Publish(new BenchEventRaised { EventId = MessageIds.NewId(), Number = number, PublishedTimestamp = Stopwatch.GetTimestamp() });
        await db.SaveChangesAsync();
    }

    var offered = total / clock.Elapsed.TotalSeconds;
    long undelivered;
    await using (var scope = host.Services.CreateAsyncScope())
    {
        undelivered = await scope.ServiceProvider.GetRequiredService<BenchDbContext>().Set<OutboxMessage>().LongCountAsync(m => m.DeliveredAt == null);
    }

    var consumedAtEnd = recorder.Milliseconds.Count;
    Console.WriteLine($"when the producer finished: {undelivered} outbox rows undelivered, {consumedAtEnd} of {total} consumed");
    await Probe.UntilAsync(() => Task.FromResult(recorder.Milliseconds.Count >= total), "every latency sample", TimeSpan.FromMinutes(2));
    var samples = recorder.Milliseconds.Order().ToArray();
    double Percentile(double p) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(p * samples.Length) - 1)];
    var (p50, p99, max) = (Percentile(0.50), Percentile(0.99), samples[^1]);
    Console.WriteLine($"latency at {offered:0} events/s over {seconds} s: p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms ({samples.Length} samples)");
    await host.StopAsync();

    if (output is not null)
    {
        var report = new StringBuilder();
        report.AppendLine("# Messaging benchmark (outbox relay and publish-to-consume latency)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on this machine ({Environment.ProcessorCount} cores), PostgreSQL 15 and RabbitMQ 3.10 as local processes on the same machine, started by the benchmark itself (tests/Seomin.Testing), Release build.");
        report.AppendLine();
        report.AppendLine("Command:");
        report.AppendLine();
        report.AppendLine("```");
        report.AppendLine(CultureInfo.InvariantCulture, $"dotnet run -c Release --project bench/Seomin.Bench.Messaging -- {relayEvents} {rate} {seconds} docs/benchmarks/messaging.md");
        report.AppendLine("```");
        report.AppendLine();
        report.AppendLine("## Relay throughput");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{relayEvents:N0} committed outbox rows, one relay, no consumer on the queue. In flight 1 (the default) awaits each publisher confirm before the next publish (strict order); 16 keeps up to 16 confirms outstanding (`Messaging:RelayMaxInFlight`).");
        report.AppendLine();
        report.AppendLine("| batch size | in flight | events/s |");
        report.AppendLine("|---:|---:|---:|");
        foreach (var (batch, inFlight, perSecond) in throughput)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {batch} | {inFlight} | {perSecond:N0} |");
        }

        report.AppendLine();
        report.AppendLine("## Publish-to-consume latency");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{total:N0} events at {offered:0} events/s for {seconds} s, each in its own transaction, relay in flight {latencyInFlight}; from `IOutbox.Publish` to the consumer running inside its inbox transaction.");
        report.AppendLine();
        report.AppendLine("| p50 | p99 | max | undelivered when producer finished | consumed when producer finished |");
        report.AppendLine("|---:|---:|---:|---:|---:|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| {p50:0.0} ms | {p99:0.0} ms | {max:0.0} ms | {undelivered:N0} | {consumedAtEnd:N0} of {total:N0} |");
        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine($"wrote {output}");
    }
}

static async Task<IHost> StartHostAsync(string database, string amqp, bool relayEnabled, int batchSize, bool consumers, int inFlight)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:messaging"] = amqp,
        ["Messaging:RelayEnabled"] = relayEnabled.ToString(),
        ["Messaging:RelayBatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
        ["Messaging:RelayMaxInFlight"] = inFlight.ToString(CultureInfo.InvariantCulture),
    });
    builder.Services.AddLogging();
    builder.Services.AddSingleton<LatencyRecorder>();
    builder.Services.AddDbContext<BenchDbContext>(o => o.UseNpgsql(database));
    builder.AddMessaging<BenchDbContext>(m =>
    {
        m.AddContracts(typeof(BenchEventRaised).Assembly);
        if (consumers)
        {
            m.AddConsumer<BenchEventRaisedConsumer>();
        }
    });
    var host = builder.Build();
    await using (var scope = host.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<BenchDbContext>().Database.EnsureCreatedAsync();
    }

    await host.StartAsync();
    var health = host.Services.GetRequiredService<HealthCheckService>();
    await Probe.UntilAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Healthy, "the bus to be ready", TimeSpan.FromMinutes(1));
    return host;
}

static async Task FillOutboxAsync(IServiceProvider services, int count)
{
    const int perTransaction = 100;
    for (var start = 0; start < count; start += perTransaction)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        for (var number = start; number < Math.Min(count, start + perTransaction); number++)
        {
            outbox.Publish(new BenchEventRaised { EventId = MessageIds.NewId(), Number = number, PublishedTimestamp = Stopwatch.GetTimestamp() });
        }

        await db.SaveChangesAsync();
    }
}
