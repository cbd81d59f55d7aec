using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using Seomin.Testing;

namespace Seomin.Bench.Guarantee;

internal static class GuaranteeBench
{
    public static async Task Main(string[] args)
    {
        // Usage: dotnet run -c Release --project bench/Seomin.Bench.Guarantee -- [seconds=20] [concurrency=16] [relay=on|off]
        // relay=off is a diagnosis only (events stay in the outbox): it shows what the relay and broker cost.
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var relay = args.Length <= 2 || args[2] != "relay=off";

        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();

        // The service needs no content files; WebApplicationFactory only needs an existing folder.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SEOMIN_GUARANTEE_API", AppContext.BaseDirectory);
        var serviceDb = await postgres.CreateDatabaseAsync("bench_guarantee");
        var bareDb = await postgres.CreateDatabaseAsync("bench_bare");
        await using var service = new BenchFactory(serviceDb, await rabbit.CreateVirtualHostAsync("bench"), relay);
        var serviceClient = service.CreateClient();
        await using var bare = await BareEndpoint.StartAsync(bareDb);
        var bareClient = bare.GetTestClient();

        // Warm-up (JIT, pools, plans), not measured.
        await RunAsync("warm-up service", serviceClient, TimeSpan.FromSeconds(3), concurrency);
        await RunAsync("warm-up bare", bareClient, TimeSpan.FromSeconds(3), concurrency);

        var bareResult = await RunAsync("bare endpoint (INSERT the same row)", bareClient, TimeSpan.FromSeconds(seconds), concurrency);
        var serviceResult = await RunAsync("guarantee API (submit + screening + auto-approval + outbox)", serviceClient, TimeSpan.FromSeconds(seconds), concurrency);
        Console.WriteLine();
        Console.WriteLine($"| endpoint | requests | errors | req/s | p50 ms | p99 ms |");
        Console.WriteLine($"|---|---|---|---|---|---|");
        foreach (var r in new[] { bareResult, serviceResult })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Count} | {r.Errors} | {r.PerSecond:F0} | {r.P50:F1} | {r.P99:F1} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"service / bare throughput: {100 * serviceResult.PerSecond / bareResult.PerSecond:F0}% (concurrency {concurrency}, {seconds}s each, {Environment.ProcessorCount} cores, relay {(relay ? "on" : "off")})"));
    }

    private static async Task<Result> RunAsync(string name, HttpClient client, TimeSpan duration, int concurrency)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = [];
            var random = new Random(w);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync("/api/guarantees/applications", Body(random));
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if ((int)response.StatusCode != 201)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                mine.Add(elapsed);
            }
        }).ToList();
        await Task.WhenAll(workers);
        var total = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        var result = new Result(name, all.Count, errors, all.Count / total, Percentile(all, 0.50), Percentile(all, 0.99));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {result.Count} ok, {errors} errors, {result.PerSecond:F0}/s, p50 {result.P50:F1} ms, p99 {result.P99:F1} ms"));
        return result;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

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

internal sealed record Result(string Name, int Count, int Errors, double PerSecond, double P50, double P99);

internal sealed class BenchFactory(string database, string messaging, bool relay) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:guaranteedb", database);
        builder.UseSetting("ConnectionStrings:messaging", messaging);
        builder.UseSetting("Guarantee:MigrateOnStartup", "true");
        builder.UseSetting("Guarantee:LapseJob:Enabled", "false");
        builder.UseSetting("Messaging:RelayEnabled", relay ? "true" : "false");
        builder.UseSetting("Guarantee:Capacity:InitialFundBalance", "100000000000000");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("Seomin:Security:DevelopmentKeyDirectory", Path.Combine(Path.GetTempPath(), "seomin-bench-keys"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

/// <summary>The baseline: a bare minimal-API endpoint that parses the same body and inserts the same application row.</summary>
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

    internal sealed record BareRequest(string ProductCode, string Rrn, string Channel, string LenderCode, long RequestedAmount, int TermMonths,
        int EmploymentMonths, long AnnualIncome, int CreditScore, decimal CreditPercentile);
}
