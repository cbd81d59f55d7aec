using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Api.Endpoints;
using Seomin.Subrogation.Api.Features.Accrual;
using Seomin.Testing;

namespace Seomin.Bench.Subrogation;

/// <summary>
/// Usage: dotnet run -c Release --project bench/Seomin.Bench.Subrogation -- [claims=1000000] [rounds=2] [markdown output path]
/// Seeds N open recourse claims (and their book movements) in a private PostgreSQL cluster, then alternates, each on a
/// VACUUMed table and for a later day so every claim is selected: the service's nightly job (batched, late charge by
/// dated rate segments + the grading CASE) and one plain set-based UPDATE of the same rows and columns (one rate,
/// constant grade: the floor of rewriting those rows). Then times the roll-forward report over the movements.
/// </summary>
internal static class SubrogationBench
{
    public static async Task Main(string[] args)
    {
        var claims = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var output = args.Length > 2 ? args[2] : null;

        await using var postgres = await PostgresServer.StartDedicatedAsync();
        var connectionString = await postgres.CreateDatabaseAsync("bench_subrogation");
        var options = new DbContextOptionsBuilder<SubrogationDbContext>()
            .UseNpgsql(connectionString, n => n.MigrationsHistoryTable("__ef_migrations_history", SubrogationDbContext.Schema).CommandTimeout(1800))
            .Options;
        await using (var db = new SubrogationDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        var seed = Stopwatch.StartNew();
        await ExecuteAsync(connectionString, SeedSql(claims));
        await ExecuteAsync(connectionString, "VACUUM ANALYZE subrogation.recourse_claims");
        await ExecuteAsync(connectionString, "VACUUM ANALYZE subrogation.book_movements");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {claims:N0} claims and {claims + claims / 4:N0} movements in {seed.Elapsed.TotalSeconds:F1} s"));

        var job = new List<double>();
        var plain = new List<double>();
        var day = new DateOnly(2026, 12, 1);
        for (var round = 0; round < rounds; round++)
        {
            day = day.AddDays(1);
            await using (var db = new SubrogationDbContext(options))
            {
                var accrual = new LateChargeAccrual(db, NullLogger<LateChargeAccrual>.Instance, TimeProvider.System);
                var started = Stopwatch.GetTimestamp();
                var run = await accrual.RunAsync(day, CancellationToken.None);
                job.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"job to {day}: {run.Updated:N0} claims, {run.Batches} batches, {job[^1]:F1} s"));
            }

            await ExecuteAsync(connectionString, "VACUUM subrogation.recourse_claims");
            day = day.AddDays(1);
            var plainStarted = Stopwatch.GetTimestamp();
            var rows = await ExecuteAsync(connectionString, PlainUpdateSql(day));
            plain.Add(Stopwatch.GetElapsedTime(plainStarted).TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain UPDATE to {day}: {rows:N0} rows, {plain[^1]:F1} s"));
            await ExecuteAsync(connectionString, "VACUUM subrogation.recourse_claims");
        }

        var report = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await using var db = new SubrogationDbContext(options);
            var started = Stopwatch.GetTimestamp();
            var result = await ReportEndpoints.GetRollForward(db, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), null, CancellationToken.None);
            report.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var recourse = result.Value!.Books.Single(b => b.Category == Seomin.Subrogation.Domain.Reports.PortfolioCategory.Recourse);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"roll-forward 2024: {report[^1]:F0} ms (recourse closing {recourse.Closing.Count:N0} claims, {recourse.Closing.Won:N0} won)"));
        }

        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?";
        var summary = new StringBuilder();
        summary.AppendLine(CultureInfo.InvariantCulture, $"| measurement ({claims:N0} open recourse claims, {Environment.ProcessorCount} cores, load {load}) | runs (s) | best (s) |");
        summary.AppendLine("|---|---|---|");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| nightly job (batches of {LateChargeAccrual.BlocksPerBatch:N0} blocks in physical order, dated rate segments + grading CASE) | {string.Join(" / ", job.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))} | {job.Min():F1} |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| one plain set-based UPDATE of the same rows and columns | {string.Join(" / ", plain.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))} | {plain.Min():F1} |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| roll-forward report (one year, all books, {claims + claims / 4:N0} movements), ms | {string.Join(" / ", report.Select(s => s.ToString("F0", CultureInfo.InvariantCulture)))} | {report.Min():F0} ms |");
        summary.AppendLine();
        summary.AppendLine(CultureInfo.InvariantCulture, $"job / plain UPDATE (best of each): {job.Min() / plain.Min():F2}× (goal ≤ 2×)");
        Console.WriteLine();
        Console.WriteLine(summary);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, summary.ToString());
        }
    }

    /// <summary>
    /// N open claims opened over 2020–2025, 1–10 million won, every tenth stayed, every seventh with known assets, every
    /// third with a recovery; one 발생 movement per claim and a 회수 movement for every fourth.
    /// </summary>
    private static string SeedSql(int claims) => string.Create(CultureInfo.InvariantCulture, $"""
        INSERT INTO subrogation.recourse_claims
            ("Id", "ClaimId", "GuaranteeId", "CustomerId", "FundCode", "OpenedOn", "OpeningPrincipal", "Principal", "Costs",
             "LateChargeAccrued", "AccruedThrough", "LateChargePaid", "LateChargeWaived", "LateChargeSuspended", "Category", "Status",
             "LimitationRunsFrom", "LimitationExpiresOn", "LastRecoveryOn", "HasKnownAssets", "Grade", "GradeRule", "GradedOn")
        SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'C' || lpad(i::text, 20, '0'),
               CASE WHEN i % 2 = 0 THEN 'INCHEON-BASE' ELSE 'KINFA-SUPPLEMENTARY' END,
               d, p, p, 0, 0, d, 0, 0, false, 'Recourse', CASE WHEN i % 10 = 0 THEN 'CollectionStayed' ELSE 'Collecting' END,
               d, (d + INTERVAL '10 years')::date, CASE WHEN i % 3 = 0 THEN d + 30 END, i % 7 = 0, 'D', 'YoungerThanThreeYears', d
        FROM (SELECT i, DATE '2020-01-01' + (i % 2000) AS d, 1000000 + (i::bigint * 7919) % 9000000 AS p FROM generate_series(1, {claims}) AS i) s;
        INSERT INTO subrogation.book_movements ("Id", "Category", "Movement", "FundCode", "On", "Count", "Won", "SourceId", "SubjectId", "RecordedBy", "RecordedAt")
        SELECT gen_random_uuid(), 'Recourse', 'New', "FundCode", "OpenedOn", 1, "OpeningPrincipal", "ClaimId", "Id", 'bench', now() FROM subrogation.recourse_claims;
        INSERT INTO subrogation.book_movements ("Id", "Category", "Movement", "FundCode", "On", "Count", "Won", "SourceId", "SubjectId", "RecordedBy", "RecordedAt")
        SELECT gen_random_uuid(), 'Recourse', 'Recovered', "FundCode", "OpenedOn" + 60, 0, 100000, gen_random_uuid(), "Id", 'bench', now()
        FROM subrogation.recourse_claims WHERE ("OpeningPrincipal" % 4) = 0;
        """);

    /// <summary>The floor: one statement rewriting the same columns of the same rows with the simplest expressions.</summary>
    private static string PlainUpdateSql(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"""
        UPDATE subrogation.recourse_claims SET
            "LateChargeAccrued" = "LateChargeAccrued" + "Principal" * 0.12 * (DATE '{day:yyyy-MM-dd}' - "AccruedThrough") / 365,
            "AccruedThrough" = DATE '{day:yyyy-MM-dd}', "Grade" = 'D', "GradeRule" = 'Otherwise', "GradedOn" = DATE '{day:yyyy-MM-dd}'
        WHERE "Status" IN ('Collecting', 'Instalment', 'Deferred', 'CollectionStayed') AND "AccruedThrough" < DATE '{day:yyyy-MM-dd}'
        """);

    private static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
        return await command.ExecuteNonQueryAsync();
    }
}
