using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain.Recourse;
using Seomin.Subrogation.Domain.Rules;

namespace Seomin.Subrogation.Api.Features.Accrual;

/// <summary>What a run did: how many claims it brought up to the day, in how many batches.</summary>
public sealed record AccrualRun(DateOnly On, long Updated, int Batches, TimeSpan Elapsed, bool RanElsewhere = false);

/// <summary>
/// The nightly run: brings every open recourse claim's late charge and grade up to a day, set-based in SQL, in batches
/// of <see cref="BlocksPerBatch"/> table blocks in physical order (each batch its own statement, so locks and WAL stay
/// bounded), then one catch-up statement for rows that moved during the run.
/// The arithmetic is the domain's (<see cref="RecourseClaim.AccrueTo"/>): principal × rate × days ÷ 365 per dated rate
/// segment, kept exact (numeric) and truncated to the won only when read. Idempotent: a claim already brought up to the
/// day is not selected, so a second run for the same day changes nothing. One run at a time across every replica: a
/// PostgreSQL advisory lock is held for the run, and a replica that cannot take it leaves the run to the holder.
/// </summary>
public sealed class LateChargeAccrual(SubrogationDbContext db, ILogger<LateChargeAccrual> logger, TimeProvider clock)
{
    /// <summary>Blocks of the table per statement: 2,048 blocks (16 MB) hold about 50,000 claims.</summary>
    public const long BlocksPerBatch = 2_048;

    /// <summary>PostgreSQL's largest block number (0xFFFFFFFE): the catch-up statement's range covers the whole table.</summary>
    private const long MaxBlockNumber = uint.MaxValue - 1;

    private static readonly string OpenStatuses = string.Join(", ", ReliefOpenStatuses.Select(s => $"'{s}'"));

    private static IEnumerable<RecourseStatus> ReliefOpenStatuses =>
        [RecourseStatus.Collecting, RecourseStatus.Instalment, RecourseStatus.Deferred, RecourseStatus.CollectionStayed];

    /// <summary>The advisory lock key: one nightly accrual at a time per database.</summary>
    private const long LockKey = 0x5355_4252_4143_4352; // "SUBRACCR"

    public async Task<AccrualRun> RunAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!await ScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", cancellationToken))
            {
                logger.LogInformation("Late-charge accrual to {Day} skipped: another instance holds the run", day);
                return new AccrualRun(day, 0, 0, clock.GetElapsedTime(started), RanElsewhere: true);
            }

            try
            {
                return await RunLockedAsync(day, started, cancellationToken);
            }
            finally
            {
                await ScalarAsync<bool>("SELECT pg_advisory_unlock(@key)", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.Add(new NpgsqlParameter("key", LockKey));
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<AccrualRun> RunLockedAsync(DateOnly day, long started, CancellationToken cancellationToken)
    {
        // The table's extent when the run starts: every claim not yet at the day has its current row version in a block
        // below it (a row updated since has its new version where PostgreSQL put it, and is already at the day).
        long blocks;
        await using (var size = new NpgsqlCommand(
            "SELECT pg_relation_size('subrogation.recourse_claims') / current_setting('block_size')::bigint", (NpgsqlConnection)db.Database.GetDbConnection()))
        {
            blocks = (long)(await size.ExecuteScalarAsync(cancellationToken))!;
        }

        var sql = BatchSql();
        long updated = 0;
        var batches = 0;
        for (long from = 0; from < blocks; from += BlocksPerBatch)
        {
            updated += await RunBatchAsync(sql, day, from, from + BlocksPerBatch, cancellationToken);
            batches++;
        }

        // What the block ranges could not see: claims opened, or changed by a recovery, after the run started (their
        // row moved to a block already passed or beyond the end). One statement; the predicate keeps it idempotent.
        updated += await RunBatchAsync(sql, day, 0, MaxBlockNumber, cancellationToken);
        batches++;

        var run = new AccrualRun(day, updated, batches, clock.GetElapsedTime(started));
        logger.LogInformation("Late-charge accrual to {Day}: {Updated} recourse claims in {Batches} batches, {Elapsed} ms", day, updated, batches, (long)run.Elapsed.TotalMilliseconds);
        return run;
    }

    private async Task<long> RunBatchAsync(string sql, DateOnly day, long fromBlock, long toBlock, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        command.CommandTimeout = 600;
        command.Parameters.Add(new NpgsqlParameter("day", day));
        command.Parameters.Add(new NpgsqlParameter("from_block", fromBlock));
        command.Parameters.Add(new NpgsqlParameter("to_block", toBlock));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One batch: the claims of a range of the table's blocks not yet at the day, updated in place. A block range is
    /// read in physical order (a TID range scan), like one set-based UPDATE reads the table; batching by claim id
    /// instead visited the rows in id order, a random walk over the heap, and joined each batch back to the table.
    /// </summary>
    public static string BatchSql()
    {
        var (grade, rule) = GradingSql.CaseExpressions();
        return $"""
            UPDATE subrogation.recourse_claims r SET
                "LateChargeAccrued" = r."LateChargeAccrued" + {AccrualExpression()},
                "AccruedThrough" = GREATEST(r."AccruedThrough", @day),
                "Grade" = {grade},
                "GradeRule" = {rule},
                "GradedOn" = @day
            WHERE r.ctid >= ('(' || @from_block || ',0)')::tid AND r.ctid < ('(' || @to_block || ',0)')::tid
              AND r."Status" IN ({OpenStatuses}) AND (r."AccruedThrough" < @day OR r."GradedOn" < @day)
            """;
    }

    /// <summary>
    /// principal × Σ(rate × days in the rate's span after the last accrual, up to the day) ÷ 365; nothing while the
    /// charge is suspended or the principal is repaid. Days of a segment = max(0, min(day, to) − max(accrued, from − 1)).
    /// </summary>
    public static string AccrualExpression()
    {
        var rates = LateChargeRates.All.OrderBy(r => r.EffectiveFrom).ToList();
        var terms = new StringBuilder();
        for (var i = 0; i < rates.Count; i++)
        {
            var from = rates[i].EffectiveFrom.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var to = i + 1 < rates.Count ? $"DATE '{rates[i + 1].EffectiveFrom.AddDays(-1):yyyy-MM-dd}'" : "@day";
            var rate = rates[i].AnnualRate.ToString(CultureInfo.InvariantCulture);
            if (terms.Length > 0)
            {
                terms.Append(" + ");
            }

            terms.Append(CultureInfo.InvariantCulture, $"{rate} * GREATEST(0, LEAST(@day, {to}) - GREATEST(r.\"AccruedThrough\", DATE '{from}'))");
        }

        return $"(CASE WHEN r.\"LateChargeSuspended\" OR r.\"Principal\" <= 0 THEN 0 ELSE r.\"Principal\"::numeric * ({terms}) / 365 END)";
    }
}

/// <summary>Runs the accrual every night shortly after midnight in Seoul for the new day (Subrogation:NightlyAccrual:Enabled).</summary>
public sealed class NightlyAccrualService(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<NightlyAccrualService> logger) : BackgroundService
{
    private static readonly TimeSpan RunAt = TimeSpan.FromMinutes(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Subrogation:NightlyAccrual:Enabled", true))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9));
            var next = new DateTimeOffset(now.Date, now.Offset).Add(RunAt);
            if (next <= now)
            {
                next = next.AddDays(1);
            }

            await Task.Delay(next - now, clock, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<LateChargeAccrual>().RunAsync(DateOnly.FromDateTime(next.Date), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The nightly late-charge accrual failed; it runs again tomorrow or from the operator endpoint");
            }
        }
    }
}
