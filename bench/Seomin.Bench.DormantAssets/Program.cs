using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Seomin.Access;
using Seomin.IdentityVerification;
using Seomin.Testing;

namespace Seomin.Bench.DormantAssets;

internal static class DormantAssetsBench
{
    public static async Task Main(string[] args)
    {
        // Usage: dotnet run -c Release --project bench/Seomin.Bench.DormantAssets -- [lines=1000000] [extraRows=2000000] [lookups=2000]
        //    or: dotnet run -c Release --project bench/Seomin.Bench.DormantAssets -- lookup [rows=24000000] [lookups=2000] [lines=20000]
        //        [--data-dir DIR] [--load-only] [--copiers 2] [--concurrency 4]
        if (args.Length > 0 && args[0] == "lookup")
        {
            await LookupBench.RunAsync(LookupBench.Options.Parse(args[1..]));
            return;
        }

        var lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var extraRows = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 2_000_000;
        var lookups = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000;
        Console.WriteLine($"load average at start: {LookupBench.LoadAverage()}");

        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SEOMIN_DORMANTASSETS_API", AppContext.BaseDirectory);
        var database = await postgres.CreateDatabaseAsync("bench_dormant");
        await using var tokens = await TestTokenAuthority.StartAsync();
        await using var service = new BenchFactory(database, await rabbit.CreateVirtualHostAsync("bench"), tokens);
        var institution = service.CreateClient();
        institution.Timeout = TimeSpan.FromHours(2);
        institution.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Institution("bench-bank", "B001", [Scopes.DormantAssetsTransfer], Audiences.DormantAssets));
        var app = service.CreateClient();
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Internal("bench-findmoney", [StaffRoles.DormantAssetOfficer], Audiences.DormantAssets));
        await (await app.GetAsync("/health")).Content.ReadAsStringAsync();

        // The batch file: people 0..lines/2, two assets each, deterministic so lookups know who is there.
        var file = Path.Combine(Path.GetTempPath(), $"dormant-bench-{lines}.csv");
        var people = WriteBatch(file, lines);
        Console.WriteLine($"batch file: {lines:N0} lines, {new FileInfo(file).Length / 1024 / 1024} MiB");

        // 1. The service's import: HTTP upload, streamed, validated, encrypted, COPY into staging, set-based insert.
        var started = Stopwatch.GetTimestamp();
        await using (var body = File.OpenRead(file))
        {
            using var content = new StreamContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await institution.PostAsync("/api/dormant-assets/transfers/batches/file?batchReference=bench&institutionName=벤치은행&sector=Bank", content);
            Console.WriteLine($"import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var import = Stopwatch.GetElapsedTime(started);

        // 2. PostgreSQL's own COPY of the same file (CSV, no validation, no encryption, no index but the key).
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await Execute(connection, """
            CREATE TABLE public.copy_baseline (id bigserial PRIMARY KEY, name text, rrn text, address text, amount bigint, asset_type text, account text, limitation date)
            """);
        started = Stopwatch.GetTimestamp();
        await using (var writer = await connection.BeginTextImportAsync("COPY public.copy_baseline (name, rrn, address, amount, asset_type, account, limitation) FROM STDIN (FORMAT csv, HEADER true)"))
        using (var reader = new StreamReader(file))
        {
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read));
            }
        }

        var copy = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"load average after the import and the COPY: {LookupBench.LoadAverage()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {lines:N0} lines | service import {import.TotalSeconds:F1} s ({lines / import.TotalSeconds:N0} lines/s) | PostgreSQL COPY {copy.TotalSeconds:F1} s ({lines / copy.TotalSeconds:N0} lines/s) | ratio {import.TotalSeconds / copy.TotalSeconds:F1}× |"));

        // 3. More rows, loaded by SQL (INSERT … SELECT generate_series) in 1M chunks: indexes as in production.
        started = Stopwatch.GetTimestamp();
        for (long from = 0; from < extraRows; from += 1_000_000)
        {
            var to = Math.Min(extraRows, from + 1_000_000);
            await Execute(connection, $"""
                INSERT INTO dormant.assets (id, batch_id, line_number, institution_code, institution_name, sector, customer_id, owner_name, account_number,
                    type, amount, limitation_completed_on, transferred_on, status, rrn, rrn_index, address, account_index)
                SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000001', g, 'BULK', '벌크은행', 'Bank', 'C' || upper(substr(md5(g::text), 1, 32)),
                    'x', 'x', 'Deposit', 1000 + g % 100000, '2020-01-01', '2025-01-01', 'Outstanding', 'x', substr(md5('r' || g), 1, 32), 'x', substr(md5('a' || g), 1, 32)
                FROM generate_series({from + 1}, {to}) g
                """);
        }

        await Execute(connection, "VACUUM ANALYZE dormant.assets");
        var load = Stopwatch.GetElapsedTime(started);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM dormant.assets", connection);
        var total = (long)(await count.ExecuteScalarAsync())!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"table: {total:N0} assets ({extraRows:N0} loaded by SQL in {load.TotalSeconds:F0} s)"));

        // 4. Lookups at the service: verification (fake provider), single-use record, blind-index query, audit row.
        // Tokens live minutes: the front end's token is issued now, not before the long import.
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Internal("bench-findmoney", [StaffRoles.DormantAssetOfficer], Audiences.DormantAssets));
        var latencies = await LookupBench.ServiceLookupsAsync(app, service.Services.GetRequiredService<FakeIdentityVerificationProvider>(), people, lookups);

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| lookups {lookups:N0} over {total:N0} assets | p50 {Percentile(latencies, 0.50):F2} ms | p99 {Percentile(latencies, 0.99):F2} ms | max {latencies[^1]:F1} ms |"));
        Console.WriteLine($"load average at the end: {LookupBench.LoadAverage()}");
        File.Delete(file);
    }

    internal static List<(string Name, string Rrn)> WriteBatch(string path, int lines)
    {
        var random = new Random(42);
        var people = new List<(string, string)>(lines / 2 + 1);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.WriteLine("name,rrn,address,amount,assetType,accountNumber,limitationCompletedOn");
        for (var i = 0; i < lines; i++)
        {
            if (i % 2 == 0)
            {
                var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(0, 20_000));
                people.Add(($"이름{i / 2}", SyntheticRrn.For(birth, random)));
            }

            var (name, rrn) = people[^1];
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{name},{rrn},\"인천광역시 남동구 구월동 {i}\",{1_000 + random.Next(0, 2_000_000)},{(i % 3 == 0 ? "Insurance" : "Deposit")},ACC-{i:D9},2020-01-31\n"));
        }

        return people;
    }

    internal static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    internal static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

internal sealed class BenchFactory(
    string database, string messaging, TestTokenAuthority tokens, IReadOnlyDictionary<string, string>? extra = null, StepTimings? steps = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (steps is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(steps).AddFilter<StepTimings>(StepTimings.Category, LogLevel.Debug));
        }

        builder.UseEnvironment("Testing");
        builder.UseSetting("DormantAssets:MigrateAtStartup", "true");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("IdentityVerification:UseFakeProvider", "true");
        builder.UseSetting("IdentityVerification:Fake:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("ConnectionStrings:dormantdb", database);
        builder.UseSetting("ConnectionStrings:messaging", messaging);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The import's phase timings (prepare + COPY to staging; check + move) are logged at Information: keep them.
        builder.UseSetting("Logging:LogLevel:Seomin.DormantAssets.Api.Features.Transfers.TransferImport", "Information");
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in tokens.ServiceConfiguration)
        {
            builder.UseSetting(key, value);
        }
    }
}
