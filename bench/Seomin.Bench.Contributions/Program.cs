using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Seomin.Contributions.Api.Features.Assessment;
using Seomin.Contributions.Domain;
using Seomin.Contributions.Domain.Institutions;
using Seomin.Contributions.Domain.Rates;
using Seomin.Testing;

namespace Seomin.Bench.Contributions;

/// <summary>
/// Usage: dotnet run -c Release --project bench/Seomin.Bench.Contributions -- [institutions=10000] [rounds=3]
/// Seeds N institutions (the 88 of the catalogue plus synthetic ones, banks and others alternating), their 2024 filings
/// and subrogation payments (the index's prior year) and their 2025-06 filings; then, per round, deletes 2025-06's
/// assessments and assesses the month (a) through the service's AssessmentRun (EF Core, domain formulas, one notice,
/// one outbox event and the audit row per institution, one SaveChanges) and (b) with one INSERT … SELECT computing the
/// same amounts in SQL; the two results are compared row by row.
/// </summary>
internal static class ContributionsBench
{
    private static readonly Month Month = new(2025, 6);

    public static async Task Main(string[] args)
    {
        var institutions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SEOMIN_CONTRIBUTIONS_API", AppContext.BaseDirectory);
        var database = await postgres.CreateDatabaseAsync("bench_contributions");
        await using var service = new BenchFactory(database, await rabbit.CreateVirtualHostAsync("bench"));
        _ = service.Services; // starts the host: migrations run
        await using var dataSource = NpgsqlDataSource.Create(database);
        await SeedAsync(dataSource, institutions);

        var serviceTimes = new List<double>();
        var sqlTimes = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            await ExecAsync(dataSource, "DELETE FROM contributions.collection_notices; DELETE FROM contributions.assessments; DELETE FROM contributions.outbox_messages;");
            var started = Stopwatch.GetTimestamp();
            await using (var scope = service.Services.CreateAsyncScope())
            {
                var result = await scope.ServiceProvider.GetRequiredService<AssessmentRun>().RunAsync(Month, "bench", CancellationToken.None);
                if (result.Assessed != institutions)
                {
                    throw new InvalidOperationException($"AssessmentRun assessed {result.Assessed}, expected {institutions}.");
                }
            }

            var serviceMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await ExecAsync(dataSource, "CREATE TABLE IF NOT EXISTS contributions.service_result AS SELECT * FROM contributions.assessments WITH NO DATA; TRUNCATE contributions.service_result; INSERT INTO contributions.service_result SELECT * FROM contributions.assessments;");
            await ExecAsync(dataSource, "DELETE FROM contributions.collection_notices; DELETE FROM contributions.assessments;");
            started = Stopwatch.GetTimestamp();
            var inserted = await ExecAsync(dataSource, AssessInSql());
            var sqlMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var mismatches = await ScalarAsync(dataSource, """
                SELECT count(*) FROM contributions.service_result s FULL JOIN contributions.assessments a USING ("InstitutionCode", "Month")
                WHERE s."Common" IS DISTINCT FROM a."Common" OR s."Differential" IS DISTINCT FROM a."Differential"
                   OR s."Total" IS DISTINCT FROM a."Total" OR s."SubrogationIndex" IS DISTINCT FROM a."SubrogationIndex"
                """);
            var total = await ScalarAsync(dataSource, "SELECT coalesce(sum(\"Total\"), 0) FROM contributions.assessments");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(round == 0 ? "warm-up" : $"round {round}")}: service {serviceMs:F0} ms, SQL {sqlMs:F0} ms ({inserted} rows), mismatches {mismatches}, total assessed {total:N0} won"));
            if (mismatches != 0)
            {
                throw new InvalidOperationException($"{mismatches} institutions differ between the service and the SQL statement.");
            }

            if (round > 0)
            {
                serviceTimes.Add(serviceMs);
                sqlTimes.Add(sqlMs);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| path | institutions | median ms | min ms | per institution µs |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, times) in new[] { ("service AssessmentRun (EF Core + domain + notice + outbox + audit)", serviceTimes), ("one INSERT … SELECT", sqlTimes) })
        {
            var median = times.Order().ElementAt(times.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {institutions} | {median:F0} | {times.Min():F0} | {median * 1000 / institutions:F0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds after a warm-up, {Environment.ProcessorCount} cores"));
    }

    private static async Task SeedAsync(NpgsqlDataSource dataSource, int institutions)
    {
        var extra = Math.Max(0, institutions - InstitutionCatalogue.All.Count);
        // Synthetic institutions; every one files 2024-01 (guaranteed balance for the index) and 2025-06; one in seven
        // had subrogation paid in 2024, so indices spread over every tier.
        await ExecAsync(dataSource, $"""
            INSERT INTO contributions.institutions ("Code", "Name", "Sector", "Category", "RateGroup", "Route", "FederationCode")
            SELECT 'B' || lpad(n::text, 6, '0'), 'bench ' || n, CASE WHEN n % 2 = 0 THEN 'Banking' ELSE 'NonBank' END,
                   CASE WHEN n % 2 = 0 THEN 'Bank' ELSE 'Insurer' END, CASE WHEN n % 2 = 0 THEN 'Banks' ELSE 'Others' END, 'Direct', NULL
            FROM generate_series(1, {extra}) n;
            INSERT INTO contributions.filings ("Id", "InstitutionCode", "Month", "Kind", "AverageLoanBalance", "AverageGuaranteedBalance", "Source", "FiledBy", "FiledAt", evidence)
            SELECT gen_random_uuid(), i."Code", m.month, 'Original', 1000000000 + (row_number() OVER (ORDER BY i."Code", m.month)) * 7919,
                   100000000 + (row_number() OVER (ORDER BY i."Code", m.month)) * 104729 % 900000000, 'Api', 'bench', now(), '[]'
            FROM contributions.institutions i CROSS JOIN (VALUES (DATE '2024-01-01'), (DATE '2025-06-01')) m(month);
            INSERT INTO contributions.subrogation_payments ("ClaimId", "LenderCode", "FundCode", "Amount", "PaidOn")
            SELECT gen_random_uuid(), i."Code", 'KINFA-SUPPLEMENTARY', 1000000 + (row_number() OVER (ORDER BY i."Code")) * 31337 % 20000000, DATE '2024-07-01'
            FROM contributions.institutions i WHERE abs(hashtext(i."Code")) % 7 = 0;
            ANALYZE contributions.filings; ANALYZE contributions.institutions; ANALYZE contributions.subrogation_payments;
            """);
    }

    /// <summary>The same month's assessment in one statement: effective filings, the prior-year index, tiers, relief, truncation.</summary>
    private static string AssessInSql()
    {
        var banks = ContributionRates.CommonFor(Month, RateGroup.Banks).AnnualRate;
        var others = ContributionRates.CommonFor(Month, RateGroup.Others).AnnualRate;
        var relief = ContributionRates.ReliefFor(Month) ?? throw new InvalidOperationException("The benchmark month has the relief in force.");
        string D(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        return $"""
            WITH eff AS (
              SELECT DISTINCT ON ("InstitutionCode") "InstitutionCode", "Id", "AverageLoanBalance" AS l, "AverageGuaranteedBalance" AS g
              FROM contributions.filings WHERE "Month" = DATE '{Month.FirstDay:yyyy-MM-dd}' ORDER BY "InstitutionCode", "FiledAt" DESC, "Id" DESC),
            prior_months AS (
              SELECT DISTINCT ON ("InstitutionCode", "Month") "InstitutionCode", "AverageGuaranteedBalance" AS g
              FROM contributions.filings WHERE "Month" BETWEEN DATE '2024-01-01' AND DATE '2024-12-31' ORDER BY "InstitutionCode", "Month", "FiledAt" DESC, "Id" DESC),
            prior AS (SELECT "InstitutionCode", trunc(avg(g)) AS avg_g FROM prior_months GROUP BY 1 HAVING trunc(avg(g)) > 0),
            paid AS (SELECT "LenderCode", sum("Amount") AS p FROM contributions.subrogation_payments WHERE "PaidOn" BETWEEN DATE '2024-01-01' AND DATE '2024-12-31' GROUP BY 1),
            market AS (SELECT sum(coalesce(pa.p, 0)) AS paid, sum(pr.avg_g) AS balance FROM prior pr LEFT JOIN paid pa ON pa."LenderCode" = pr."InstitutionCode"),
            idx AS (
              SELECT pr."InstitutionCode", CASE WHEN m.paid = 0 THEN 100
                     ELSE round(coalesce(pa.p, 0)::numeric / pr.avg_g / (m.paid::numeric / m.balance) * 100, 2) END AS ix
              FROM prior pr CROSS JOIN market m LEFT JOIN paid pa ON pa."LenderCode" = pr."InstitutionCode"),
            calc AS (
              SELECT e."InstitutionCode", e."Id", e.l, e.g, coalesce(x.ix, 100) AS ix,
                     CASE WHEN i."RateGroup" = 'Banks' THEN {D(banks)} ELSE {D(others)} END AS cr
              FROM eff e JOIN contributions.institutions i ON i."Code" = e."InstitutionCode" LEFT JOIN idx x ON x."InstitutionCode" = e."InstitutionCode"),
            tiered AS (
              SELECT c.*, CASE WHEN ix > 150 THEN 0.015 WHEN ix > 100 THEN 0.0125 WHEN ix = 100 THEN 0.01 WHEN ix > 50 THEN 0.0075 ELSE 0.005 END AS tr,
                     least(c.l * greatest(c.cr - {D(relief.BaseCommonRate)}, 0), c.g * {D(relief.CapRate)}) AS deduction
              FROM calc c)
            INSERT INTO contributions.assessments (
              "Id", "InstitutionCode", "Month", "FilingId", "AverageLoanBalance", "AverageGuaranteedBalance", "Common", "Differential", "CommonRate", "TierRate",
              "SubrogationIndex", "ReliefDeduction", "Citations", "Adjustments", "Total", "DueOn", "PrincipalPaid", "InterestCharged", "InterestPaid", "Status",
              "AssessedBy", "AssessedAt")
            SELECT gen_random_uuid(), "InstitutionCode", DATE '{Month.FirstDay:yyyy-MM-dd}', "Id", l, g, trunc(l * cr / 12), trunc((g * tr - deduction) / 12), cr, tr,
                   ix, trunc(deduction / 12), 'sql', 0, trunc(l * cr / 12) + trunc((g * tr - deduction) / 12), DATE '{Month.DueOn:yyyy-MM-dd}', 0, 0, 0, 'Open',
                   'bench-sql', now()
            FROM tiered
            """;
    }

    private static async Task<int> ExecAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}

internal sealed class BenchFactory(string database, string messaging) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:contributionsdb", database);
        builder.UseSetting("ConnectionStrings:messaging", messaging);
        builder.UseSetting("Contributions:MigrateAtStartup", "true");
        builder.UseSetting("Contributions:OverdueSweep:Interval", "00:00:00");
        builder.UseSetting("Messaging:RelayEnabled", "false");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("Seomin:Security:DevelopmentKeyDirectory", Path.Combine(Path.GetTempPath(), "seomin-bench-keys"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
