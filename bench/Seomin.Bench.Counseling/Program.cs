using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Seomin.Access;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Endpoints;
using Seomin.PersonalData;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Testing;

namespace Seomin.Bench.Counseling;

/// <summary>
/// Figure 4 of issue 19 for the customer timeline: <c>GET /api/counseling/customers/{id}/timeline</c> (counseling API
/// in-process: token validation, restriction check, count and page, the audit row of a personal-data read) beside a
/// bare minimal-API endpoint that runs the one indexed query of the same page and writes the same JSON. Alternated per round.
/// </summary>
internal static class CounselingBench
{
    public static async Task Main(string[] args)
    {
        // Usage: dotnet <dll> [seconds=8] [concurrency=16] [rounds=2] [entries=200] [service-only]
        // `service-only` runs the service's timeline alone for `seconds` (after printing the pid), for a CPU profile.
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        var entries = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200;

        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();
        await using var tokens = await TestTokenAuthority.StartAsync();
        var token = tokens.Staff("E4001", [StaffRoles.Counselor], Audiences.Gateway, Audiences.Counseling);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SEOMIN_COUNSELING_API", AppContext.BaseDirectory);

        var database = await postgres.CreateDatabaseAsync("bench_timeline");
        await using var service = new CounselingFactory(database, await rabbit.CreateVirtualHostAsync("timeline"), tokens);
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var customer = service.Services.GetRequiredService<ICustomerIdFactory>().Create(ResidentRegistrationNumber.Parse(SyntheticRrn.Adult(40))).Value;
        await SeedAsync(database, customer, entries, others: 99);
        var path = $"/api/counseling/customers/{customer}/timeline";

        // The service's own JSON options (SeominJson plus ASP.NET Core's relaxed escaping: ₩ stays one character).
        await using var bare = await BareTimeline.StartAsync(database, service.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        var bareClient = bare.GetTestClient();
        var serviceJson = await client.GetStringAsync(path);
        var bareJson = await bareClient.GetStringAsync(path);
        Console.WriteLine($"timeline page: {serviceJson.Length:N0} characters of JSON; same JSON from the bare endpoint: {serviceJson == bareJson}");
        if (serviceJson != bareJson)
        {
            Console.WriteLine($"service: {serviceJson[..Math.Min(300, serviceJson.Length)]}");
            Console.WriteLine($"bare:    {bareJson[..Math.Min(300, bareJson.Length)]}");
        }

        if (args.Contains("service-only"))
        {
            Console.WriteLine($"pid {Environment.ProcessId}: the timeline alone for {seconds} s");
            await Load.GetAsync("service only", client, path, TimeSpan.FromSeconds(seconds), concurrency);
            return;
        }

        await Load.GetAsync("warm-up bare", bareClient, path, TimeSpan.FromSeconds(3), concurrency);
        await Load.GetAsync("warm-up service", client, path, TimeSpan.FromSeconds(3), concurrency);
        var results = new List<Result>();
        for (var round = 1; round <= rounds; round++)
        {
            results.Add(await Load.GetAsync($"{round}: timeline page, one indexed query (bare)", bareClient, path, TimeSpan.FromSeconds(seconds), concurrency));
            results.Add(await Load.GetAsync($"{round}: timeline, counseling API", client, path, TimeSpan.FromSeconds(seconds), concurrency));
        }

        var audited = await service.AuditRowsAsync();
        Load.PrintPairs(results, "service / bare");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"concurrency {concurrency}, {seconds} s per endpoint per round, {entries} entries for the customer (+ 99 other customers with as many), page size {Paging.DefaultPageSize}, {audited:N0} audit rows written, {Environment.ProcessorCount} cores"));
    }

    /// <summary>The measured customer's <paramref name="entries"/> rows and as many for each of <paramref name="others"/> other customers.</summary>
    private static async Task SeedAsync(string database, string customer, int entries, int others)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO {CounselingDbContext.Schema}.timeline_entries
              ("Id", "CustomerId", "OccurredAt", "SourceService", "Kind", "SourceRecordId", "SourceEventId", "BusinessKey", "Summary", "Details", "RecordedAt")
            SELECT gen_random_uuid(), CASE WHEN c = 0 THEN @customer ELSE 'other-' || c END,
                   timestamptz '2026-01-01 00:00Z' + g * interval '1 hour', 'guarantee', 'guarantee.issued', gen_random_uuid(), gen_random_uuid(),
                   c || '-' || g, 'Guarantee issued: ₩' || to_char(1000000 + g * 1000, 'FM999,999,999'), jsonb_build_object('amount', 1000000), now()
            FROM generate_series(0, @others) AS c, generate_series(1, @entries) AS g
            """);
        command.Parameters.AddWithValue("customer", customer);
        command.Parameters.AddWithValue("others", others);
        command.Parameters.AddWithValue("entries", entries);
        await command.ExecuteNonQueryAsync();
        await using var analyse = dataSource.CreateCommand($"ANALYZE {CounselingDbContext.Schema}.timeline_entries");
        await analyse.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// The baseline: the same route, one indexed query of the first page (the total from a window count in the same
/// query) and the same JSON (the platform's serializer options). No token, no restriction check, no audit row.
/// </summary>
internal static class BareTimeline
{
    public static async Task<WebApplication> StartAsync(string database, JsonSerializerOptions json)
    {
        var dataSource = NpgsqlDataSource.Create(database);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/api/counseling/customers/{customerId}/timeline", async (string customerId, HttpResponse response, CancellationToken ct) =>
        {
            await using var command = dataSource.CreateCommand($"""
                SELECT "Id", "OccurredAt", "SourceService", "Kind", "SourceRecordId", "SourceEventId", "Summary", count(*) OVER ()
                FROM {CounselingDbContext.Schema}.timeline_entries WHERE "CustomerId" = @customer
                ORDER BY "OccurredAt" DESC, "Id" DESC LIMIT @size
                """);
            command.Parameters.AddWithValue("customer", customerId);
            command.Parameters.AddWithValue("size", Paging.DefaultPageSize);
            var items = new List<TimelineItem>(Paging.DefaultPageSize);
            var total = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    items.Add(new TimelineItem(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetGuid(4), reader.GetGuid(5), reader.GetString(6)));
                    total = (int)reader.GetInt64(7);
                }
            }

            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, new PagedResult<TimelineItem>(items, 1, Paging.DefaultPageSize, total), json, ct);
        });
        await app.StartAsync();
        return app;
    }
}

internal sealed class CounselingFactory(string database, string messaging, TestTokenAuthority tokens) : WebApplicationFactory<Program>
{
    public async Task<long> AuditRowsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounselingDbContext>();
        return await db.Database.SqlQueryRaw<long>($"SELECT count(*) AS \"Value\" FROM {CounselingDbContext.Schema}.audit_log").SingleAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:counselingdb", database);
        builder.UseSetting("ConnectionStrings:messaging", messaging);
        builder.UseSetting("Counseling:MigrateAtStartup", "true");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("Seomin:Security:DevelopmentKeyDirectory", Path.Combine(Path.GetTempPath(), "seomin-bench-keys"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in tokens.ServiceConfiguration)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.ConfigureDbContext<CounselingDbContext>(options =>
            options.ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning))));
    }
}

internal sealed record Result(string Name, int Count, int Errors, double PerSecond, double P50, double P99, string LoadBefore, string LoadAfter);

internal static class Load
{
    public static async Task<Result> GetAsync(string name, HttpClient client, string path, TimeSpan duration, int concurrency)
    {
        var loadBefore = Average();
        var latencies = new List<double>[concurrency];
        var errors = 0;
        string? firstError = null;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = [];
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
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
        var result = new Result(name, all.Count, errors, all.Count / total, Percentile(all, 0.50), Percentile(all, 0.99), loadBefore, Average());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {result.Count} ok, {errors} errors, {result.PerSecond:F0}/s, p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, load {result.LoadBefore} → {result.LoadAfter}{(firstError is null ? "" : $"; first error {firstError}")}"));
        return result;
    }

    /// <summary>Prints pairs (baseline first) with the ratio of the second to the first.</summary>
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

    private static string Average() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
