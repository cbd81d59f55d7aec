using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Seomin.Access;
using Seomin.IdentityVerification;
using Seomin.LocalServers;
using Seomin.PersonalData;
using Seomin.Testing;

namespace Seomin.Bench.DormantAssets;

/// <summary>
/// Lookup latency at a production-sized table. A small batch goes through the import API (the people looked up, with
/// real ciphertext and blind indexes); the bulk of the rows is loaded with PostgreSQL's binary COPY straight into
/// <c>dormant.assets</c> with its indexes dropped (several COPY connections over disjoint row ranges), then the indexes
/// are rebuilt exactly as the migration defines them (their definitions are read from <c>pg_indexes</c> before the
/// drop). Then, side by side: lookups at the service over HTTP, and the same indexed SQL query returning the same rows,
/// one at a time and then at a given concurrency.
/// </summary>
/// <remarks>
/// With <c>--data-dir</c> the PostgreSQL cluster and the personal-data keys live in that folder and survive the run:
/// a marker file records a finished load, and a later run with the same folder skips the import and the load and
/// measures straight away (<c>--load-only</c> loads and stops, so the load and the measurement can each hold the
/// bench lock on their own).
/// </remarks>
internal static class LookupBench
{
    private const string DatabaseName = "bench_dormant_lookup";

    private const string Query = """
        SELECT id, institution_code, institution_name, sector, type, account_number, amount, limitation_completed_on, transferred_on, status, paid_on
        FROM dormant.assets WHERE rrn_index = @index AND type IN ('Deposit', 'Insurance', 'InvestorDeposit') ORDER BY transferred_on, id
        """;

    // Bench-only server settings for the kept cluster: durability off (the data can be reloaded), no WAL archiving or
    // replication (wal_level=minimal), checkpoints far apart during the load, autovacuum off (the load ends with its
    // own VACUUM ANALYZE), 1 GB of shared buffers.
    private static readonly string[] KeptClusterSettings =
    [
        "fsync=off", "synchronous_commit=off", "full_page_writes=off", "shared_buffers=1GB", "wal_level=minimal",
        "max_wal_senders=0", "max_wal_size=16GB", "checkpoint_timeout=1h", "autovacuum=off", "max_parallel_maintenance_workers=2",
    ];

    // A measuring run on a kept, loaded cluster starts it durable, as production runs: fsync, synchronous commit and
    // full-page writes on (PostgreSQL's defaults), so every lookup's COMMIT (verification use + audit row) waits for
    // its WAL flush. Only the buffer size differs from the defaults. --fast-commit keeps the load's settings instead.
    private static readonly string[] DurableSettings = ["shared_buffers=1GB"];

    internal sealed record Options(
        long Rows, int Lookups, int Lines, string? DataDirectory, bool LoadOnly, int Copiers, int Concurrency, bool Unprepared, bool FastCommit, int WarmUp)
    {
        public static Options Parse(string[] args)
        {
            var positional = new List<string>();
            string? dataDirectory = null;
            var loadOnly = false;
            var copiers = 2;
            var concurrency = 4;
            var unprepared = false;
            var fastCommit = false;
            var warmUp = 2_000;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--data-dir": dataDirectory = Path.GetFullPath(args[++i]); break;
                    case "--load-only": loadOnly = true; break;
                    case "--copiers": copiers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--concurrency": concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--unprepared": unprepared = true; break;
                    case "--fast-commit": fastCommit = true; break;
                    case "--warm-up": warmUp = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    default: positional.Add(args[i]); break;
                }
            }

            return new Options(
                positional.Count > 0 ? long.Parse(positional[0], CultureInfo.InvariantCulture) : 24_000_000,
                positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 2_000,
                positional.Count > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 20_000,
                dataDirectory,
                loadOnly,
                copiers,
                concurrency,
                unprepared,
                fastCommit,
                warmUp);
        }
    }

    public static async Task RunAsync(Options options)
    {
        Console.WriteLine($"load average at start: {LoadAverage()}");
        var marker = options.DataDirectory is null ? null : Path.Combine(options.DataDirectory, $"loaded-{options.Rows}-{options.Lines}.ok");
        var reuse = marker is not null && File.Exists(marker);
        var durable = reuse && !options.LoadOnly && !options.FastCommit;
        var serverSettings = durable ? DurableSettings : KeptClusterSettings;
        Console.WriteLine($"server settings: {string.Join(' ', serverSettings)}{(durable ? " (durable: fsync, synchronous_commit, full_page_writes at their defaults)" : string.Empty)}");
        await using var postgres = await KeptOrThrowAwayPostgres.StartAsync(options.DataDirectory, serverSettings);
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SEOMIN_DORMANTASSETS_API", AppContext.BaseDirectory);
        var database = await postgres.EnsureDatabaseAsync(DatabaseName);
        await using var tokens = await TestTokenAuthority.StartAsync();
        var extra = new Dictionary<string, string>();
        if (options.DataDirectory is not null)
        {
            // The keys of the imported people's ciphertext and blind indexes must survive with the data.
            extra["Seomin:Security:DevelopmentKeyDirectory"] = Path.Combine(options.DataDirectory, "keys");
        }

        var steps = new StepTimings();
        await using var service = new BenchFactory(database, await rabbit.CreateVirtualHostAsync("bench"), tokens, extra, steps);
        var file = Path.Combine(Path.GetTempPath(), $"dormant-lookup-bench-{options.Lines}.csv");
        var people = DormantAssetsBench.WriteBatch(file, options.Lines);
        await using var connection = new NpgsqlConnection(database);
        if (reuse)
        {
            _ = service.Services; // starts the host (and checks the migrations are applied)
            File.Delete(file);
            await connection.OpenAsync();
            Console.WriteLine($"reusing the loaded cluster in {options.DataDirectory} ({Path.GetFileName(marker)}): no import, no load");
        }
        else
        {
            await LoadAsync(service, tokens, file, options, database, connection);
            if (marker is not null)
            {
                await File.WriteAllTextAsync(marker, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            }
        }

        await using (var count = new NpgsqlCommand("SELECT count(*), pg_size_pretty(pg_total_relation_size('dormant.assets')) FROM dormant.assets", connection))
        await using (var reader = await count.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"table: {reader.GetInt64(0):N0} assets, {reader.GetString(1)} with indexes"));
        }

        if (options.LoadOnly)
        {
            Console.WriteLine($"load only: stopping; load average at the end: {LoadAverage()}");
            return;
        }

        // The plan of the lookup's query for one of the imported people.
        var blind = service.Services.GetRequiredService<IBlindIndex>();
        await using (var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + Query, connection))
        {
            explain.Parameters.AddWithValue("index", blind.Compute(ResidentRegistrationNumber.Parse(people[0].Rrn)));
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine("  " + reader.GetString(0));
            }
        }

        var app = service.CreateClient();
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Internal("bench-findmoney", [StaffRoles.DormantAssetOfficer], Audiences.DormantAssets));
        var provider = service.Services.GetRequiredService<FakeIdentityVerificationProvider>();
        var indexes = people.Select(p => blind.Compute(ResidentRegistrationNumber.Parse(p.Rrn))).ToList();

        // Side by side, one at a time: the service over HTTP after --warm-up calls (default 2,000), then the same SQL query
        // after 200.
        // With --unprepared, also a second host on the same database whose connection string turns Npgsql's automatic
        // preparation off (Max Auto Prepare=0), measured between the two: the effect of preparation in the same run.
        // The warm-up runs the lookup often enough for the JIT's second tier (tiered compilation recompiles a method after
        // 30 calls, in the background): the series measures a warm service, as one that has been running for a while is.
        Console.WriteLine($"load average before the sequential series: {LoadAverage()}");
        var gc = GcSnapshot.Take();
        var http = await ServiceLookupsAsync(app, provider, people, options.Lookups, warmUp: options.WarmUp);
        var gcDuring = GcSnapshot.Take() - gc;
        var profile = steps.Drain();
        List<double>? unprepared = null;
        if (options.Unprepared)
        {
            await using var plain = new BenchFactory(
                new NpgsqlConnectionStringBuilder(database) { MaxAutoPrepare = 0 }.ConnectionString, await rabbit.CreateVirtualHostAsync("bench-unprepared"), tokens, extra);
            var plainApp = plain.CreateClient();
            plainApp.DefaultRequestHeaders.Authorization = app.DefaultRequestHeaders.Authorization;
            unprepared = await ServiceLookupsAsync(plainApp, plain.Services.GetRequiredService<FakeIdentityVerificationProvider>(), people, options.Lookups);
        }

        var sql = await SqlLookupsAsync(database, indexes, options.Lookups, seed: 7);
        Report($"sequential, {options.Lookups:N0} lookups", http, sql, unprepared);
        ReportSteps("sequential", profile, options.Lookups);
        Console.WriteLine(gcDuring.Describe(options.Lookups + options.WarmUp));
        Console.WriteLine($"load average after the sequential series: {LoadAverage()}");

        if (options.Concurrency > 1)
        {
            var per = options.Lookups / options.Concurrency;
            var httpTasks = Enumerable.Range(0, options.Concurrency)
                .Select(k => Task.Run(() => ServiceLookupsAsync(app, provider, people, per, seed: 100 + k, warmUp: 50)));
            var concurrentHttp = (await Task.WhenAll(httpTasks)).SelectMany(l => l).ToList();
            var concurrentProfile = steps.Drain();
            var sqlTasks = Enumerable.Range(0, options.Concurrency)
                .Select(k => Task.Run(() => SqlLookupsAsync(database, indexes, per, seed: 200 + k, warmUp: 50)));
            var concurrentSql = (await Task.WhenAll(sqlTasks)).SelectMany(l => l).ToList();
            Report($"concurrency {options.Concurrency}, {per * options.Concurrency:N0} lookups", concurrentHttp, concurrentSql);
            ReportSteps($"concurrency {options.Concurrency}", concurrentProfile, per * options.Concurrency);
            Console.WriteLine($"load average after the concurrent series: {LoadAverage()}");
        }
    }

    private static async Task LoadAsync(BenchFactory service, TestTokenAuthority tokens, string file, Options options, string database, NpgsqlConnection connection)
    {
        var institution = service.CreateClient();
        institution.Timeout = TimeSpan.FromHours(1);
        institution.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Institution("bench-bank", "B001", [Scopes.DormantAssetsTransfer], Audiences.DormantAssets));
        await using (var body = File.OpenRead(file))
        {
            using var content = new StreamContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await institution.PostAsync("/api/dormant-assets/transfers/batches/file?batchReference=bench-lookup&institutionName=벤치은행&sector=Bank", content);
            Console.WriteLine($"import of {options.Lines:N0} lines: {(int)response.StatusCode}");
            response.EnsureSuccessStatusCode();
        }

        File.Delete(file);
        await connection.OpenAsync();

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

        Console.WriteLine($"load average before the COPY: {LoadAverage()}");
        var started = Stopwatch.GetTimestamp();
        var bulkBatch = Guid.CreateVersion7();
        var copied = 0L;
        var share = (options.Rows + options.Copiers - 1) / options.Copiers;
        await Task.WhenAll(Enumerable.Range(0, options.Copiers).Select(k => Task.Run(async () =>
        {
            var from = k * share;
            var to = Math.Min(options.Rows, from + share);
            await using var copier = new NpgsqlConnection(database);
            await copier.OpenAsync();
            await CopyRangeAsync(copier, bulkBatch, from, to, seed: 11 + k, progress: n =>
            {
                var total = Interlocked.Add(ref copied, n);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  copied {total:N0} rows in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s (load average {LoadAverage()})"));
            });
        })));

        var copy = Stopwatch.GetElapsedTime(started);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"binary COPY of {options.Rows:N0} rows over {options.Copiers} connections: {copy.TotalSeconds:F0} s ({options.Rows / copy.TotalSeconds:N0} rows/s); load average {LoadAverage()}"));

        started = Stopwatch.GetTimestamp();
        await DormantAssetsBench.Execute(connection, "SET maintenance_work_mem = '2GB'");
        await DormantAssetsBench.Execute(connection, "SET max_parallel_maintenance_workers = 2");
        await DormantAssetsBench.Execute(connection, "ALTER TABLE dormant.assets ADD CONSTRAINT \"PK_assets\" PRIMARY KEY (id)");
        foreach (var (name, definition) in definitions.Where(d => d.Name != "PK_assets"))
        {
            var one = Stopwatch.GetTimestamp();
            await DormantAssetsBench.Execute(connection, definition);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  index {name}: {Stopwatch.GetElapsedTime(one).TotalSeconds:F0} s"));
        }

        var indexed = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        await DormantAssetsBench.Execute(connection, "VACUUM ANALYZE dormant.assets");
        await DormantAssetsBench.Execute(connection, "CHECKPOINT");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"indexes (primary key + {definitions.Count - 1}) {indexed.TotalSeconds:F0} s, VACUUM ANALYZE + CHECKPOINT {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s; load average {LoadAverage()}"));
    }

    private static async Task CopyRangeAsync(NpgsqlConnection connection, Guid bulkBatch, long from, long to, int seed, Action<long> progress)
    {
        var random = new Random(seed);
        var hex = new byte[32];
        await using var importer = await connection.BeginBinaryImportAsync("""
            COPY dormant.assets (id, batch_id, line_number, institution_code, institution_name, sector, customer_id, owner_name, account_number,
                type, amount, limitation_completed_on, transferred_on, status, rrn, rrn_index, address, account_index) FROM STDIN (FORMAT binary)
            """);
        importer.Timeout = TimeSpan.FromHours(2);
        var limitation = new DateOnly(2020, 1, 31);
        var transferred = new DateOnly(2025, 1, 1);
        for (var i = from; i < to; i++)
        {
            random.NextBytes(hex);
            importer.StartRow();
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
            importer.Write(limitation, NpgsqlDbType.Date);
            importer.Write(transferred, NpgsqlDbType.Date);
            importer.Write("Outstanding", NpgsqlDbType.Varchar);
            importer.Write(Placeholder, NpgsqlDbType.Text);
            importer.Write(Convert.ToHexStringLower(hex, 16, 16), NpgsqlDbType.Varchar);
            importer.Write(Placeholder, NpgsqlDbType.Text);
            importer.Write(i.ToString("x32", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
            if ((i - from + 1) % 2_000_000 == 0)
            {
                progress(2_000_000);
            }
        }

        await importer.CompleteAsync();
    }

    /// <summary>
    /// Latencies in ms of <paramref name="lookups"/> owner lookups at the service over HTTP (a fresh verification id from
    /// the fake provider each time, random people of the batch), after <paramref name="warmUp"/> warm-up calls; a failed
    /// lookup stops the run.
    /// </summary>
    internal static async Task<List<double>> ServiceLookupsAsync(
        HttpClient app, FakeIdentityVerificationProvider provider, IReadOnlyList<(string Name, string Rrn)> people, int lookups, int seed = 7, int warmUp = 200)
    {
        var pick = new Random(seed);
        var latencies = new List<double>(lookups);
        for (var i = 0; i < lookups + warmUp; i++)
        {
            var (name, rrn) = people[pick.Next(people.Count)];
            var verification = provider.Issue(name, rrn);
            var t = Stopwatch.GetTimestamp();
            using var response = await app.PostAsJsonAsync("/api/dormant-assets/self-service/lookups", new { verificationId = verification });
            var body = await response.Content.ReadAsByteArrayAsync();
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (!response.IsSuccessStatusCode || body.Length == 0)
            {
                throw new InvalidOperationException($"lookup failed: {(int)response.StatusCode}");
            }

            if (i >= warmUp)
            {
                latencies.Add(ms);
            }
        }

        return latencies;
    }

    /// <summary>The same query as the service's, prepared, on its own connection, for random people of the batch.</summary>
    private static async Task<List<double>> SqlLookupsAsync(string database, IReadOnlyList<string> indexes, int lookups, int seed, int warmUp = 200)
    {
        var pick = new Random(seed);
        var latencies = new List<double>(lookups);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Query, connection);
        var parameter = command.Parameters.Add("index", NpgsqlDbType.Varchar);
        await command.PrepareAsync();
        for (var i = 0; i < lookups + warmUp; i++)
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

            if (i >= warmUp)
            {
                latencies.Add(ms);
            }
        }

        return latencies;
    }

    private static void Report(string series, List<double> http, List<double> sql, List<double>? unprepared = null)
    {
        http.Sort();
        sql.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| service over HTTP, {series} | p50 {DormantAssetsBench.Percentile(http, 0.50):F2} ms | p99 {DormantAssetsBench.Percentile(http, 0.99):F2} ms | max {http[^1]:F1} ms |"));
        if (unprepared is not null)
        {
            unprepared.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| service over HTTP, Max Auto Prepare=0, {series} | p50 {DormantAssetsBench.Percentile(unprepared, 0.50):F2} ms | p99 {DormantAssetsBench.Percentile(unprepared, 0.99):F2} ms | max {unprepared[^1]:F1} ms |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| SQL query (prepared, same rows), {series} | p50 {DormantAssetsBench.Percentile(sql, 0.50):F2} ms | p99 {DormantAssetsBench.Percentile(sql, 0.99):F2} ms | max {sql[^1]:F1} ms |"));
    }

    /// <summary>The service's own step timings (<see cref="StepTimings"/>) of the measured lookups (the warm-up's are dropped).</summary>
    private static void ReportSteps(string series, List<(double Query, double View, double Save)> steps, int measured)
    {
        var last = steps.Skip(Math.Max(0, steps.Count - measured)).ToList();
        if (last.Count == 0)
        {
            Console.WriteLine($"  steps, {series}: none recorded");
            return;
        }

        static string Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return string.Create(CultureInfo.InvariantCulture,
                $"p50 {DormantAssetsBench.Percentile(sorted, 0.50):F2} / p99 {DormantAssetsBench.Percentile(sorted, 0.99):F2} ms");
        }

        Console.WriteLine($"  steps in the service, {series} ({last.Count:N0} lookups): blind index + query {Of(last.Select(s => s.Query))}; " +
            $"view + audit entry {Of(last.Select(s => s.View))}; insert batch (verification + audit row) {Of(last.Select(s => s.Save))}; " +
            $"sum {Of(last.Select(s => s.Query + s.View + s.Save))}");
    }

    /// <summary>
    /// The process's garbage collections, pause time and allocations (client and service share the process): the part
    /// of a series' tail that is the collector's.
    /// </summary>
    private readonly record struct GcSnapshot(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
    {
        public static GcSnapshot Take() =>
            new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));

        public static GcSnapshot operator -(GcSnapshot a, GcSnapshot b) =>
            new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Allocated - b.Allocated);

        public string Describe(int calls) => string.Create(CultureInfo.InvariantCulture,
            $"  garbage collection over {calls:N0} lookups (warm-up included; client and service): {Gen0:N0} gen0 / {Gen1:N0} gen1 / {Gen2:N0} gen2, " +
            $"{Paused.TotalMilliseconds:F0} ms paused ({(Gen0 == 0 ? 0 : Paused.TotalMilliseconds / Gen0):F2} ms per collection), " +
            $"{Allocated / (double)calls / 1024:F0} KiB allocated per lookup; server GC {System.Runtime.GCSettings.IsServerGC}");
    }

    /// <summary>The machine's 1/5/15-minute load average (<c>/proc/loadavg</c>), printed beside every figure.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    // The length of a real field envelope (key id, nonce, tag, ciphertext in base64) for a short value.
    private static readonly string Placeholder = "v1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    /// <summary>
    /// The bench's PostgreSQL: a kept cluster in <c>--data-dir</c> (started again on later runs, never deleted), or the
    /// throw-away test cluster of Seomin.Testing.
    /// </summary>
    private sealed class KeptOrThrowAwayPostgres : IAsyncDisposable
    {
        private readonly PostgresServer? _throwAway;
        private readonly LocalServerProcess? _kept;
        private readonly string _admin;

        private KeptOrThrowAwayPostgres(PostgresServer? throwAway, LocalServerProcess? kept, string admin)
        {
            _throwAway = throwAway;
            _kept = kept;
            _admin = admin;
        }

        public static async Task<KeptOrThrowAwayPostgres> StartAsync(string? dataDirectory, IReadOnlyList<string> keptSettings)
        {
            if (dataDirectory is null)
            {
                var server = await PostgresServer.StartDedicatedAsync();
                return new KeptOrThrowAwayPostgres(server, null, server.AdminConnectionString);
            }

            var settings = new PostgresServerSettings(Path.Combine(dataDirectory, "pg"), HostAuthentication: "trust", keptSettings, NoSync: true);
            var port = LocalPorts.Free();
            var process = LocalServerProcess.Start(
                PostgresLocalServer.Prepare(settings),
                new Dictionary<string, string> { [PostgresLocalServer.PortVariable] = port.ToString(CultureInfo.InvariantCulture) },
                Path.Combine(dataDirectory, "server.log"));
            var admin = $"Host=127.0.0.1;Port={port};Username={PostgresLocalServer.SuperUser};Database=postgres;Pooling=true;Maximum Pool Size=50;Command Timeout=0";
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                try
                {
                    await using var probe = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false, Timeout = 3 }.ConnectionString);
                    await probe.OpenAsync();
                    break;
                }
                catch (NpgsqlException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(250);
                }
            }

            return new KeptOrThrowAwayPostgres(null, process, admin);
        }

        public async Task<string> EnsureDatabaseAsync(string name)
        {
            if (_throwAway is not null)
            {
                return await _throwAway.CreateDatabaseAsync(name);
            }

            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await DormantAssetsBench.Execute(connection, $"CREATE DATABASE \"{name}\"");
            }

            return new NpgsqlConnectionStringBuilder(_admin) { Database = name }.ConnectionString;
        }

        public async ValueTask DisposeAsync()
        {
            if (_throwAway is not null)
            {
                await _throwAway.DisposeAsync();
            }

            if (_kept is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await _kept.StopAsync(TimeSpan.FromSeconds(120));
                await _kept.DisposeAsync();
            }
        }
    }
}
