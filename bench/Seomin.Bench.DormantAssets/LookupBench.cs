using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Seomin.Access;
using Seomin.IdentityVerification;
using Seomin.PersonalData;
using Seomin.Testing;

namespace Seomin.Bench.DormantAssets;

/// <summary>
/// Lookup latency at a production-sized table. A small batch goes through the import API (the people looked up, with
/// real ciphertext and blind indexes); the bulk of the rows is loaded with PostgreSQL's binary COPY straight into
/// <c>dormant.assets</c> with its indexes dropped, then the indexes are rebuilt exactly as the migration defines them
/// (their definitions are read from <c>pg_indexes</c> before the drop). Then, side by side: lookups at the service over
/// HTTP, and the same indexed SQL query returning the same rows.
/// </summary>
internal static class LookupBench
{
    public static async Task RunAsync(long rows, int lookups, int lines)
    {
        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SEOMIN_DORMANTASSETS_API", AppContext.BaseDirectory);
        var database = await postgres.CreateDatabaseAsync("bench_dormant_lookup");
        await using var tokens = await TestTokenAuthority.StartAsync();
        await using var service = new BenchFactory(database, await rabbit.CreateVirtualHostAsync("bench"), tokens);
        var institution = service.CreateClient();
        institution.Timeout = TimeSpan.FromHours(1);
        institution.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Institution("bench-bank", "B001", [Scopes.DormantAssetsTransfer], Audiences.DormantAssets));

        var file = Path.Combine(Path.GetTempPath(), $"dormant-lookup-bench-{lines}.csv");
        var people = DormantAssetsBench.WriteBatch(file, lines);
        await using (var body = File.OpenRead(file))
        {
            using var content = new StreamContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await institution.PostAsync("/api/dormant-assets/transfers/batches/file?batchReference=bench-lookup&institutionName=벤치은행&sector=Bank", content);
            Console.WriteLine($"import of {lines:N0} lines: {(int)response.StatusCode}");
            response.EnsureSuccessStatusCode();
        }

        File.Delete(file);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await DormantAssetsBench.Execute(connection, "SET maintenance_work_mem = '1GB'");
        await DormantAssetsBench.Execute(connection, "SET max_parallel_maintenance_workers = 2");

        // 1. Drop every index of dormant.assets (the definitions are kept), COPY the rows in binary, rebuild the indexes.
        var definitions = new List<(string Name, string Definition)>();
        await using (var command = new NpgsqlCommand("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'dormant' AND tablename = 'assets'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        await DormantAssetsBench.Execute(connection, "ALTER TABLE dormant.assets DROP CONSTRAINT \"PK_assets\"");
        foreach (var (name, _) in definitions.Where(d => d.Name != "PK_assets"))
        {
            await DormantAssetsBench.Execute(connection, $"DROP INDEX dormant.\"{name}\"");
        }

        var started = Stopwatch.GetTimestamp();
        var bulkBatch = Guid.CreateVersion7();
        var random = new Random(11);
        var hex = new byte[32];
        await using (var importer = await connection.BeginBinaryImportAsync("""
            COPY dormant.assets (id, batch_id, line_number, institution_code, institution_name, sector, customer_id, owner_name, account_number,
                type, amount, limitation_completed_on, transferred_on, status, rrn, rrn_index, address, account_index) FROM STDIN (FORMAT binary)
            """))
        {
            for (long i = 0; i < rows; i++)
            {
                random.NextBytes(hex);
                await importer.StartRowAsync();
                importer.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                importer.Write(bulkBatch, NpgsqlDbType.Uuid);
                importer.Write((int)(i % int.MaxValue) + 1, NpgsqlDbType.Integer);
                importer.Write("BULK", NpgsqlDbType.Varchar);
                importer.Write("벌크은행", NpgsqlDbType.Varchar);
                importer.Write("Bank", NpgsqlDbType.Varchar);
                importer.Write(string.Concat("C", Convert.ToHexString(hex, 0, 16)), NpgsqlDbType.Varchar);
                // Placeholder ciphertext of a realistic length (the lookup never returns these rows).
                importer.Write(Placeholder, NpgsqlDbType.Text);
                importer.Write(Placeholder, NpgsqlDbType.Text);
                importer.Write(i % 3 == 0 ? "Insurance" : "Deposit", NpgsqlDbType.Varchar);
                importer.Write(1_000L + (i % 2_000_000), NpgsqlDbType.Bigint);
                importer.Write(new DateOnly(2020, 1, 31), NpgsqlDbType.Date);
                importer.Write(new DateOnly(2025, 1, 1), NpgsqlDbType.Date);
                importer.Write("Outstanding", NpgsqlDbType.Varchar);
                importer.Write(Placeholder, NpgsqlDbType.Text);
                importer.Write(Convert.ToHexStringLower(hex, 16, 16), NpgsqlDbType.Varchar);
                importer.Write(Placeholder, NpgsqlDbType.Text);
                importer.Write(i.ToString("x32", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                if (i > 0 && i % 4_000_000 == 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  copied {i:N0} rows in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"));
                }
            }

            await importer.CompleteAsync();
        }

        var copied = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        await DormantAssetsBench.Execute(connection, "ALTER TABLE dormant.assets ADD CONSTRAINT \"PK_assets\" PRIMARY KEY (id)");
        foreach (var (name, definition) in definitions.Where(d => d.Name != "PK_assets"))
        {
            await DormantAssetsBench.Execute(connection, definition);
        }

        await DormantAssetsBench.Execute(connection, "VACUUM ANALYZE dormant.assets");
        var indexed = Stopwatch.GetElapsedTime(started);
        await using var count = new NpgsqlCommand("SELECT count(*), pg_size_pretty(pg_total_relation_size('dormant.assets')) FROM dormant.assets", connection);
        await using (var reader = await count.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"table: {reader.GetInt64(0):N0} assets, {reader.GetString(1)} with indexes; binary COPY of {rows:N0} rows {copied.TotalSeconds:F0} s ({rows / copied.TotalSeconds:N0} rows/s), indexes + VACUUM ANALYZE {indexed.TotalSeconds:F0} s"));
        }

        // 2. The plan of the lookup's query for one of the imported people.
        var blind = service.Services.GetRequiredService<IBlindIndex>();
        var probe = blind.Compute(ResidentRegistrationNumber.Parse(people[0].Rrn));
        const string query = """
            SELECT id, institution_code, institution_name, sector, type, account_number, amount, limitation_completed_on, transferred_on, status, paid_on
            FROM dormant.assets WHERE rrn_index = @index AND type IN ('Deposit', 'Insurance', 'InvestorDeposit') ORDER BY transferred_on, id
            """;
        await using (var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + query, connection))
        {
            explain.Parameters.AddWithValue("index", probe);
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine("  " + reader.GetString(0));
            }
        }

        // 3. Side by side, one at a time after 200 warm-up calls each: the service over HTTP, and the same SQL query.
        var app = service.CreateClient();
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Internal("bench-findmoney", [StaffRoles.DormantAssetOfficer], Audiences.DormantAssets));
        var http = await ServiceLookupsAsync(app, service.Services.GetRequiredService<FakeIdentityVerificationProvider>(), people, lookups);

        var indexes = people.Select(p => blind.Compute(ResidentRegistrationNumber.Parse(p.Rrn))).ToList();
        var sql = new List<double>(lookups);
        await using (var command = new NpgsqlCommand(query, connection))
        {
            var parameter = command.Parameters.Add("index", NpgsqlDbType.Varchar);
            await command.PrepareAsync();
            for (var i = 0; i < lookups + 200; i++)
            {
                parameter.Value = indexes[pick.Next(indexes.Count)];
                var t = Stopwatch.GetTimestamp();
                var found = 0;
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        found++;
                    }
                }

                var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (found == 0)
                {
                    throw new InvalidOperationException("the SQL lookup found nothing");
                }

                if (i >= 200)
                {
                    sql.Add(ms);
                }
            }
        }

        http.Sort();
        sql.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| service over HTTP, {lookups:N0} lookups | p50 {DormantAssetsBench.Percentile(http, 0.50):F2} ms | p99 {DormantAssetsBench.Percentile(http, 0.99):F2} ms | max {http[^1]:F1} ms |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| SQL query (prepared, same rows), {lookups:N0} | p50 {DormantAssetsBench.Percentile(sql, 0.50):F2} ms | p99 {DormantAssetsBench.Percentile(sql, 0.99):F2} ms | max {sql[^1]:F1} ms |"));
    }

    // The length of a real field envelope (key id, nonce, tag, ciphertext in base64) for a short value.
    /// <summary>
    /// Latencies in ms of <paramref name="lookups"/> owner lookups at the service over HTTP (a fresh verification id from
    /// the fake provider each time, random people of the batch), after 200 warm-up calls; a failed lookup stops the run.
    /// </summary>
    internal static async Task<List<double>> ServiceLookupsAsync(
        HttpClient app, FakeIdentityVerificationProvider provider, IReadOnlyList<(string Name, string Rrn)> people, int lookups)
    {
        var pick = new Random(7);
        var latencies = new List<double>(lookups);
        for (var i = 0; i < lookups + 200; i++)
        {
            var (name, rrn) = people[pick.Next(people.Count)];
            var verification = provider.Issue(name, rrn);
            var t = Stopwatch.GetTimestamp();
            using var response = await app.PostAsJsonAsync("/api/dormant-assets/self-service/lookups", new { verificationId = verification });
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"lookup failed: {(int)response.StatusCode}");
            }

            if (i >= 200)
            {
                latencies.Add(ms);
            }
        }

        return latencies;
    }

    private static readonly string Placeholder = "v1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
