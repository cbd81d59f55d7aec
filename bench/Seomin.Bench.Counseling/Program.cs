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
using Seomin.Bench.Shared;
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
            await ClosedLoop.GetAsync("service only", client, path, TimeSpan.FromSeconds(seconds), concurrency);
            return;
        }

        await ClosedLoop.GetAsync("warm-up bare", bareClient, path, TimeSpan.FromSeconds(3), concurrency);
        await ClosedLoop.GetAsync("warm-up service", client, path, TimeSpan.FromSeconds(3), concurrency);
        var results = new List<Result>();
        for (var round = 1; round <= rounds; round++)
        {
            results.Add(await ClosedLoop.GetAsync($"{round}: timeline page, one indexed query (bare)", bareClient, path, TimeSpan.FromSeconds(seconds), concurrency));
            results.Add(await ClosedLoop.GetAsync($"{round}: timeline, counseling API", client, path, TimeSpan.FromSeconds(seconds), concurrency));
        }

        var audited = await service.AuditRowsAsync();
        ClosedLoop.PrintPairs(results, "service / bare");
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
