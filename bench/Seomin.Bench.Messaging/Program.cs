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

// Usage: dotnet run -c Release --project bench/Seomin.Bench.Messaging -- [relayEvents] [rate] [seconds] [output.md] [aggregates]
// Every phase runs the relay with its default options (MessagingOptions: no overrides). Events are spread over
// `aggregates` aggregate ids (round robin, so consecutive rows belong to different aggregates and each aggregate's
// rows are interleaved with the others'); the consumer checks that each aggregate's sequence arrives 0, 1, 2, ...
var relayEvents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var output = args.Length > 3 && args[3] != "-" ? args[3] : null;
var aggregateCount = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1_000;
var aggregates = Enumerable.Range(0, aggregateCount).Select(_ => Guid.CreateVersion7()).ToArray();
var defaults = new MessagingOptions();
var load = new List<string> { $"start {Load()}" };

Console.WriteLine($"Relay defaults: batch {defaults.RelayBatchSize}, in flight {defaults.RelayMaxInFlight}; {aggregateCount} aggregates. Starting private PostgreSQL and RabbitMQ servers...");
await using var postgres = await PostgresServer.StartDedicatedAsync();
await using var rabbit = await RabbitMqServer.StartDedicatedAsync();

// 1. Relay throughput: rows committed first, then timed from the first batch to the last confirm. Two rounds without a
// consumer (the first is JIT and connection warm-up, discarded), then one with the consumer on the queue (it competes
// for the same cores) whose arrival order is checked.
var throughput = new List<(string Run, double EventsPerSecond, string Order)>();
foreach (var (run, consumers, report) in relayEvents == 0 ? [] : new[] { ("warm-up", false, false), ("no consumer", false, true), ("consumer on the queue", true, true) })
{
    using var host = await StartHostAsync(await postgres.CreateDatabaseAsync("bench_relay"), await rabbit.CreateVirtualHostAsync("bench-relay"), relayEnabled: false, consumers);
    await FillOutboxAsync(host.Services, relayEvents, aggregates);
    var worker = ActivatorUtilities.CreateInstance<OutboxRelayWorker>(host.Services);
    var clock = Stopwatch.StartNew();
    var delivered = 0;
    var failures = 0;
    while (delivered < relayEvents)
    {
        try
        {
            delivered += await worker.DeliverBatchAsync(CancellationToken.None);
        }
        catch (OutboxDeliveryException ex)
        {
            // As the hosted relay does: the confirmed prefix is kept, the rest is retried (a publish confirm timed
            // out on the overloaded machine). Counted and reported.
            failures++;
            Console.WriteLine($"relay batch failed ({ex.Message}); retrying");
        }
    }

    clock.Stop();
    var perSecond = delivered / clock.Elapsed.TotalSeconds;
    var order = failures == 0 ? "not checked (no consumer)" : $"not checked (no consumer); {failures} batch(es) retried";
    if (consumers)
    {
        var recorder = host.Services.GetRequiredService<LatencyRecorder>();
        await Probe.UntilAsync(() => Task.FromResult(recorder.Milliseconds.Count >= relayEvents), "every event consumed", TimeSpan.FromMinutes(2));
        order = $"{recorder.OutOfOrder} out of order in {recorder.Aggregates} aggregates{(failures == 0 ? "" : $"; {failures} batch(es) retried")}";
    }

    if (report)
    {
        throughput.Add((run, perSecond, order));
        load.Add($"after relay {run}: {Load()}");
    }

    Console.WriteLine($"relay ({run}): {delivered} events in {clock.Elapsed.TotalSeconds:0.00} s = {perSecond:0} events/s; order: {order}");
    await host.StopAsync();
}

// 2. Latency at a steady rate: one transaction per event (state change + outbox row), relay woken by the
// save, consumer behind the inbox. Measured from the outbox Publish call to the consumer running.
using (var host = await StartHostAsync(await postgres.CreateDatabaseAsync("bench_latency"), await rabbit.CreateVirtualHostAsync("bench-latency"), relayEnabled: true, consumers: true))
{
    var recorder = host.Services.GetRequiredService<LatencyRecorder>();
    var total = rate * seconds;
    // Open loop: each event is its own transaction started at its due time (as many requests of a service would
    // be), up to 64 transactions at once, so a slow commit does not hold back the offered rate.
    var clock = Stopwatch.StartNew();
    var inFlight = new SemaphoreSlim(64);
    var producers = new List<Task>(total);
    for (var number = 0; number < total; number++)
    {
        var due = TimeSpan.FromSeconds((double)number / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await inFlight.WaitAsync();
        var n = number;
        producers.Add(Task.Run(async () =>
        {
            try
            {
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
                scope.ServiceProvider.GetRequiredService<IOutbox>().Publish(Event(n, aggregates));
                await db.SaveChangesAsync();
            }
            finally
            {
                inFlight.Release();
            }
        }));
    }

    await Task.WhenAll(producers);
    var offered = total / clock.Elapsed.TotalSeconds;
    long undelivered;
    await using (var scope = host.Services.CreateAsyncScope())
    {
        undelivered = await scope.ServiceProvider.GetRequiredService<BenchDbContext>().Set<OutboxMessage>().LongCountAsync(m => m.DeliveredAt == null);
    }

    var consumedAtEnd = recorder.Milliseconds.Count;
    Console.WriteLine($"when the producer finished: {undelivered} outbox rows undelivered, {consumedAtEnd} of {total} consumed");
    await Probe.UntilAsync(() => Task.FromResult(recorder.Milliseconds.Count >= total), "every latency sample", TimeSpan.FromMinutes(2));
    load.Add($"after latency: {Load()}");
    var samples = recorder.Milliseconds.Order().ToArray();
    double Percentile(double p) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(p * samples.Length) - 1)];
    var (p50, p99, max) = (Percentile(0.50), Percentile(0.99), samples[^1]);
    var latencyOrder = $"{recorder.OutOfOrder} out of order in {recorder.Aggregates} aggregates";
    Console.WriteLine($"latency at {offered:0} events/s over {seconds} s: p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms ({samples.Length} samples); order: {latencyOrder}");
    Console.WriteLine($"load average: {string.Join("; ", load)}");
    await host.StopAsync();

    if (output is not null)
    {
        var report = new StringBuilder();
        report.AppendLine("## Run of the default relay");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC ({Environment.ProcessorCount} cores), relay defaults batch {defaults.RelayBatchSize}, in flight {defaults.RelayMaxInFlight} (no overrides), {aggregateCount:N0} aggregates. Load average (1, 5, 15 min): {string.Join("; ", load)}.");
        report.AppendLine();
        report.AppendLine("| relay throughput run | events | events/s | per-aggregate order |");
        report.AppendLine("|---|---:|---:|---|");
        foreach (var (run, perSecond, order) in throughput)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {run} | {relayEvents:N0} | {perSecond:N0} | {order} |");
        }

        report.AppendLine();
        report.AppendLine("| latency run | p50 | p99 | max | undelivered when producer finished | per-aggregate order |");
        report.AppendLine("|---|---:|---:|---:|---:|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| {total:N0} events at {offered:0}/s for {seconds} s | {p50:0.0} ms | {p99:0.0} ms | {max:0.0} ms | {undelivered:N0} | {latencyOrder} |");
        await File.AppendAllTextAsync(output, report.ToString());
        Console.WriteLine($"appended to {output}");
    }
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static BenchEventRaised Event(int number, Guid[] aggregates) => new()
{
    EventId = MessageIds.NewId(),
    AggregateId = aggregates[number % aggregates.Length],
    Sequence = number / aggregates.Length,
    Number = number,
    PublishedTimestamp = Stopwatch.GetTimestamp(),
};

static async Task<IHost> StartHostAsync(string database, string amqp, bool relayEnabled, bool consumers)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:messaging"] = amqp,
        ["Messaging:RelayEnabled"] = relayEnabled.ToString(),
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

static async Task FillOutboxAsync(IServiceProvider services, int count, Guid[] aggregates)
{
    const int perTransaction = 100;
    for (var start = 0; start < count; start += perTransaction)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        for (var number = start; number < Math.Min(count, start + perTransaction); number++)
        {
            outbox.Publish(Event(number, aggregates));
        }

        await db.SaveChangesAsync();
    }
}
