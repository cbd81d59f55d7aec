using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Seomin.Access;
using Seomin.Bench.Shared;
using Seomin.Guarantee.Api.Data;
using Seomin.Testing;

namespace Seomin.Bench.Guarantee;

internal static class GuaranteeBench
{
    private const string Path = "/api/guarantees/applications";

    public static async Task Main(string[] args)
    {
        // Usage: dotnet <dll> [seconds=10] [concurrency=16] [rounds=2] [sql|reads|telemetry]
        // Each round runs, one after the other against one PostgreSQL server: the old bare single-row INSERT, the
        // same-writes baseline (every row one submission writes, one transaction, raw Npgsql batch), the service with
        // its relay off (diagnosis: what the relay and broker cost) and the service with its relay on (as deployed).
        // `sql` prints the SQL one submission sends (EF command log) and stops.
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var rounds = args.Length > 2 && int.TryParse(args[2], CultureInfo.InvariantCulture, out var r) ? r : 2;

        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();
        await using var tokens = await TestTokenAuthority.StartAsync();
        var token = tokens.Staff("E1001", [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Guarantee);

        // The service needs no content files; WebApplicationFactory only needs an existing folder.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SEOMIN_GUARANTEE_API", AppContext.BaseDirectory);
        if (args.Contains("sql"))
        {
            await using var logged = new BenchFactory(await postgres.CreateDatabaseAsync("bench_sql"), await rabbit.CreateVirtualHostAsync("sql"), false, tokens, sql: true);
            var loggedClient = Authorised(logged.CreateClient(), token);
            var response = await loggedClient.PostAsJsonAsync(Path, Body(new Random(1)));
            Console.WriteLine($"status {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return;
        }

        if (args.Contains("reads"))
        {
            // Figure 4: the catalogue (reference data) vs the same JSON from memory.
            await using var readService = new BenchFactory(await postgres.CreateDatabaseAsync("bench_reads"), await rabbit.CreateVirtualHostAsync("reads"), relay: false, tokens);
            ReadsAndTelemetry.PrintPairs(await ReadsAndTelemetry.CatalogueAsync(Authorised(readService.CreateClient(), token), seconds, concurrency, rounds), "service / bare");
            return;
        }

        if (args.Contains("telemetry"))
        {
            // Figure 5: the same service twice, OTLP export on (to a minimal receiver in this process) and off.
            var (receiver, endpoint, received) = await ReadsAndTelemetry.StartOtlpReceiverAsync();
            await using var _ = receiver;
            await using var off = new BenchFactory(await postgres.CreateDatabaseAsync("bench_otlp_off"), await rabbit.CreateVirtualHostAsync("otlp-off"), relay: true, tokens);
            await using var on = new BenchFactory(await postgres.CreateDatabaseAsync("bench_otlp_on"), await rabbit.CreateVirtualHostAsync("otlp-on"), relay: true, tokens, otlp: endpoint);
            var (offClient, onClient) = (Authorised(off.CreateClient(), token), Authorised(on.CreateClient(), token));
            foreach (var (name, client) in new[] { ("export off", offClient), ("export on", onClient) })
            {
                await RunAsync("warm-up submissions " + name, client, TimeSpan.FromSeconds(3), concurrency);
                await ReadsAndTelemetry.GetLoadAsync("warm-up catalogue " + name, client, ReadsAndTelemetry.CataloguePath, TimeSpan.FromSeconds(3), concurrency);
            }

            var telemetry = new List<Result>();
            for (var round = 1; round <= rounds; round++)
            {
                telemetry.Add(await ReadsAndTelemetry.GetLoadAsync($"{round}: catalogue, OTLP export off", offClient, ReadsAndTelemetry.CataloguePath, TimeSpan.FromSeconds(seconds), concurrency));
                telemetry.Add(await ReadsAndTelemetry.GetLoadAsync($"{round}: catalogue, OTLP export on", onClient, ReadsAndTelemetry.CataloguePath, TimeSpan.FromSeconds(seconds), concurrency));
                telemetry.Add(await RunAsync($"{round}: submissions, OTLP export off", offClient, TimeSpan.FromSeconds(seconds), concurrency));
                telemetry.Add(await RunAsync($"{round}: submissions, OTLP export on", onClient, TimeSpan.FromSeconds(seconds), concurrency));
            }

            ReadsAndTelemetry.PrintPairs(telemetry, "on / off");
            Console.WriteLine($"OTLP receiver got {received():N0} bytes");
            return;
        }

        var onDb = await postgres.CreateDatabaseAsync("bench_guarantee_relay_on");
        var offDb = await postgres.CreateDatabaseAsync("bench_guarantee_relay_off");
        await using var relayOn = new BenchFactory(onDb, await rabbit.CreateVirtualHostAsync("bench-on"), relay: true, tokens);
        await using var relayOff = new BenchFactory(offDb, await rabbit.CreateVirtualHostAsync("bench-off"), relay: false, tokens);
        var relayOnClient = Authorised(relayOn.CreateClient(), token);
        var relayOffClient = Authorised(relayOff.CreateClient(), token);

        // The same-writes baseline writes into the relay-off service's tables (same indexes, same capacity and audit
        // triggers), with the service's own key material for the customer id, blind index and RRN encryption.
        await using var sameWrites = await SameWritesEndpoint.StartAsync(offDb, relayOff.Services);
        var sameWritesClient = sameWrites.GetTestClient();
        await using var bare = await BareEndpoint.StartAsync(await postgres.CreateDatabaseAsync("bench_bare"));
        var bareClient = bare.GetTestClient();

        // Warm-up (JIT, pools, plans), not measured.
        foreach (var (name, client) in new[] { ("bare", bareClient), ("same writes", sameWritesClient), ("service relay off", relayOffClient), ("service relay on", relayOnClient) })
        {
            await RunAsync("warm-up " + name, client, TimeSpan.FromSeconds(3), concurrency);
        }

        await DrainAsync(onDb);
        var results = new List<Result>();
        for (var round = 1; round <= rounds; round++)
        {
            results.Add(await RunAsync($"{round}: bare single-row INSERT (old baseline)", bareClient, TimeSpan.FromSeconds(seconds), concurrency));
            results.Add(await RunAsync($"{round}: same writes, raw Npgsql batch (baseline)", sameWritesClient, TimeSpan.FromSeconds(seconds), concurrency));
            results.Add(await RunAsync($"{round}: guarantee API, relay off", relayOffClient, TimeSpan.FromSeconds(seconds), concurrency));
            results.Add(await RunAsync($"{round}: guarantee API, relay on", relayOnClient, TimeSpan.FromSeconds(seconds), concurrency));
            var drain = await DrainAsync(onDb);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"relay drained the rest of round {round} in {drain.TotalSeconds:F1} s"));
        }

        Console.WriteLine();
        Console.WriteLine("| run | endpoint | requests | errors | req/s | p50 ms | p99 ms | load avg before → after | vs same writes | vs bare |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < results.Count; i += 4)
        {
            var (bareResult, baseline) = (results[i], results[i + 1]);
            foreach (var x in results.Skip(i).Take(4))
            {
                var name = x.Name.Split(": ", 2);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name[0]} | {name[1]} | {x.Count} | {x.Errors} | {x.PerSecond:F0} | {x.P50:F1} | {x.P99:F1} | {x.LoadBefore} → {x.LoadAfter} | {100 * x.PerSecond / baseline.PerSecond:F0}% | {100 * x.PerSecond / bareResult.PerSecond:F0}% |"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"concurrency {concurrency}, {seconds} s per endpoint per round, {Environment.ProcessorCount} cores"));
    }

    private static HttpClient Authorised(HttpClient client, string token) => ReadsAndTelemetry.Authorised(client, token);

    /// <summary>Waits until the relay-on service's outbox is empty, so its relay does not run into the next endpoint's turn.</summary>
    private static async Task<TimeSpan> DrainAsync(string database)
    {
        var clock = Stopwatch.StartNew();
        await using var dataSource = NpgsqlDataSource.Create(database);
        await Probe.UntilAsync(async () =>
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM guarantee.outbox_messages WHERE delivered_at IS NULL");
            return (long)(await command.ExecuteScalarAsync())! == 0;
        }, "the relay to deliver every outbox row", TimeSpan.FromMinutes(3));
        return clock.Elapsed;
    }

    private static Task<Result> RunAsync(string name, HttpClient client, TimeSpan duration, int concurrency) =>
        ClosedLoop.RunAsync(name, duration, concurrency, random => client.PostAsJsonAsync(Path, Body(random)), response => (int)response.StatusCode == 201);

    private static object Body(Random random) => new
    {
        productCode = "WORKER_SUNSHINE",
        rrn = SyntheticRrn.Adult(30, random),
        channel = "Mobile",
        lenderCode = "NH",
        requestedAmount = 10_000_000,
        termMonths = 36,
        employmentMonths = 24,
        workingDaysLastThreeMonths = new[] { 22, 21, 22 },
        annualIncome = 30_000_000,
        creditScore = 700,
        creditPercentile = 40,
        feePaymentPlan = "Upfront",
    };
}

internal sealed class BenchFactory(string database, string messaging, bool relay, TestTokenAuthority tokens, bool sql = false, Uri? otlp = null)
    : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (otlp is not null)
        {
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.ToString().TrimEnd('/'));
            builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        }

        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:guaranteedb", database);
        builder.UseSetting("ConnectionStrings:messaging", messaging);
        builder.UseSetting("Guarantee:MigrateOnStartup", "true");
        builder.UseSetting("Guarantee:LapseJob:Enabled", "false");
        builder.UseSetting("Messaging:RelayEnabled", relay ? "true" : "false");
        builder.UseSetting("Guarantee:Capacity:InitialFundBalance", "100000000000000");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("Seomin:Security:DevelopmentKeyDirectory", System.IO.Path.Combine(System.IO.Path.GetTempPath(), "seomin-bench-keys"));
        builder.UseSetting("IdentityVerification:UseFakeProvider", "true");
        builder.UseSetting("IdentityVerification:Fake:SigningKey", "Z3VhcmFudGVlLXNlbGYtc2VydmljZS10ZXN0LWtleSEh");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (sql)
        {
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information");
        }

        foreach (var (key, value) in tokens.ServiceConfiguration)
        {
            builder.UseSetting(key, value);
        }

        // Two service hosts in one process: EF Core sees two internal service providers (a running service has one).
        builder.ConfigureServices(services => services.ConfigureDbContext<GuaranteeDbContext>(options =>
            options.ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning))));
    }
}

/// <summary>The old baseline: a bare minimal-API endpoint that parses the same body and inserts one application row.</summary>
internal static class BareEndpoint
{
    public static async Task<WebApplication> StartAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var command = dataSource.CreateCommand("""
            CREATE TABLE applications (
              id uuid PRIMARY KEY, customer_id varchar(40) NOT NULL, product_code varchar(40) NOT NULL, product_version int NOT NULL,
              channel varchar(40) NOT NULL, birth_date date NOT NULL, employment_months int NOT NULL, annual_income bigint NOT NULL,
              credit_score int NOT NULL, credit_percentile numeric(5,2) NOT NULL, business_age_months int, protected_group boolean NOT NULL,
              requested_amount bigint NOT NULL, term_months int NOT NULL, lender_code varchar(40) NOT NULL, fee_payment_plan varchar(40) NOT NULL,
              submitted_at timestamptz NOT NULL, status varchar(40) NOT NULL, screening_outcome varchar(40) NOT NULL, rules jsonb NOT NULL)
            """))
        {
            await command.ExecuteNonQueryAsync();
        }

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/api/guarantees/applications", async (BareRequest request) =>
        {
            await using var command = dataSource.CreateCommand("""
                INSERT INTO applications VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, NULL, false, $10, $11, $12, 'Upfront', now(), 'Approved', 'Eligible', '[]')
                """);
            var id = Guid.CreateVersion7();
            command.Parameters.AddWithValue(id);
            command.Parameters.AddWithValue(request.Rrn[..6]);
            command.Parameters.AddWithValue(request.ProductCode);
            command.Parameters.AddWithValue(request.Channel);
            command.Parameters.AddWithValue(new DateOnly(1990, 1, 1));
            command.Parameters.AddWithValue(request.EmploymentMonths);
            command.Parameters.AddWithValue(request.AnnualIncome);
            command.Parameters.AddWithValue(request.CreditScore);
            command.Parameters.AddWithValue(request.CreditPercentile);
            command.Parameters.AddWithValue(request.RequestedAmount);
            command.Parameters.AddWithValue(request.TermMonths);
            command.Parameters.AddWithValue(request.LenderCode);
            await command.ExecuteNonQueryAsync();
            return Results.Created($"/api/guarantees/applications/{id}", new { id });
        });
        await app.StartAsync();
        return app;
    }
}

internal sealed record BareRequest(string ProductCode, string Rrn, string Channel, string LenderCode, long RequestedAmount, int TermMonths,
    int EmploymentMonths, long AnnualIncome, int CreditScore, decimal CreditPercentile, int[]? WorkingDaysLastThreeMonths = null);
