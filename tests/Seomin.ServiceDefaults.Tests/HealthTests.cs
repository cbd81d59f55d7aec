using System.Net;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seomin.Testing;

namespace Seomin.ServiceDefaults.Tests;

public class HealthTests
{
    [Fact]
    public async Task Health_WhenDatabaseStopsAndReturns_Goes503NamingTheCheckThen200_WhileAliveStays200()
    {
        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var host = await MinimalServiceHost.StartAsync(await postgres.CreateDatabaseAsync("health"));

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/alive")).StatusCode);

        await postgres.StopAsync();

        using var down = await host.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var report = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("minimaldb").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/alive")).StatusCode);

        await postgres.StartAsync();

        await Probe.UntilAsync(
            async () => (await host.Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
            "/health to answer 200 after the database is back");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task Health_WhenDatabaseStaysDownForSeveralProbes_LogsOneLineWithoutStackTrace()
    {
        await using var postgres = await PostgresServer.StartDedicatedAsync();
        var logs = new ListLoggerProvider();
        await using var host = await MinimalServiceHost.StartAsync(
            await postgres.CreateDatabaseAsync("healthlog"), configure: b => b.Logging.AddProvider(logs));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode);

        var before = logs.Records.Count;
        await postgres.StopAsync();
        for (var probe = 0; probe < 3; probe++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Client.GetAsync("/health")).StatusCode);
        }

        var during = logs.Records.Skip(before).ToList();
        var health = during.Where(r => r.Level >= LogLevel.Warning).ToList();
        var line = Assert.Single(health);
        Assert.Equal("Seomin.ServiceDefaults.Health", line.Category);
        Assert.Contains("minimaldb", line.Message, StringComparison.Ordinal);
        Assert.Null(line.Exception);
        Assert.DoesNotContain(during, r => r.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal));
        await postgres.StartAsync();
    }

    private sealed record LogLine(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogLine> _records = new();

        public IReadOnlyList<LogLine> Records => [.. _records];

        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, _records);

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category, ConcurrentQueue<LogLine> records) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                records.Enqueue(new LogLine(category, logLevel, formatter(state, exception), exception));
        }
    }
}
