using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Seomin.Reconciliation;

/// <summary>One business key behind a measure, as a source's query returns it: its fund, key, won and when it happened.</summary>
public sealed record ControlRow(string? FundCode, string Key, long Won, DateTimeOffset At);

/// <summary>Helpers for <see cref="IControlTotalsSource"/> implementations: the rows come from one set-based query each.</summary>
public static class ControlRows
{
    /// <summary>
    /// Groups keyed rows into one <see cref="ControlMeasure"/> per fund (count, Σ won, and the keys when asked), funds
    /// in ordinal order. A measure with no row at all reports nothing (the comparison treats a missing fund as zero).
    /// </summary>
    public static IReadOnlyList<ControlMeasure> ToMeasures(string measure, IEnumerable<ControlRow> rows, bool includeKeys) =>
        [.. rows.GroupBy(r => r.FundCode, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ControlMeasure(
                measure, g.Key, g.LongCount(), g.Sum(r => r.Won),
                includeKeys ? [.. g.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ControlKey(r.Key, r.Won, r.At))] : null))];

    /// <summary>
    /// Runs one SQL statement on the context's connection that returns <c>(fund text, key text, won bigint, at timestamptz)</c>
    /// rows. Parameters: <c>$1</c> the period's first instant, <c>$2</c> its exclusive end (timestamptz), <c>$3</c> its first
    /// and <c>$4</c> its last Seoul date (date).
    /// </summary>
    public static async Task<IReadOnlyList<ControlRow>> QueryAsync(DbContext db, string sql, ControlPeriod period, CancellationToken cancellationToken) =>
        await ReadAsync(db, sql, period, r => new ControlRow(r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetFieldValue<DateTimeOffset>(3)), cancellationToken);

    /// <summary>
    /// A measure without keys (e.g. an outstanding balance): one SQL statement returning <c>(fund text, count bigint, won bigint)</c>
    /// rows, parameters as in <see cref="QueryAsync"/>.
    /// </summary>
    public static async Task<IReadOnlyList<ControlMeasure>> TotalsAsync(DbContext db, string measure, string sql, ControlPeriod period, CancellationToken cancellationToken) =>
        [.. (await ReadAsync(db, sql, period, r => new ControlMeasure(measure, r.IsDBNull(0) ? null : r.GetString(0), r.GetInt64(1), r.GetInt64(2), null), cancellationToken))
            .OrderBy(m => m.FundCode, StringComparer.Ordinal)];

    private static async Task<List<T>> ReadAsync<T>(DbContext db, string sql, ControlPeriod period, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = period.Start.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = period.End.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = period.From });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = period.To });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The start of a Seoul date, for sources whose books carry a date rather than an instant.</summary>
    public static DateTimeOffset SeoulStart(DateOnly date) => new ControlPeriod(date, date).Start;
}
