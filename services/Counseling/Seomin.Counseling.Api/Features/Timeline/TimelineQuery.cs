using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Endpoints;
using Seomin.ServiceDefaults.Endpoints;

namespace Seomin.Counseling.Api.Features.Timeline;

/// <summary>
/// One timeline read in one round trip: the restriction check, the count and the page go to PostgreSQL as one
/// Npgsql batch on the context's connection (three statements, one network exchange) instead of three queries one
/// after the other. The page uses the (customer, occurred at, id) index. Issue 19, figure 4.
/// </summary>
public static class TimelineQuery
{
    // Names as mapped in Data/Configurations/TimelineConfiguration.cs (EF Core keeps the property names as columns).
    private const string Restricted = $"""SELECT EXISTS (SELECT 1 FROM {CounselingDbContext.Schema}.restricted_customers WHERE "CustomerId" = $1)""";
    private const string Count = $"""SELECT count(*) FROM {CounselingDbContext.Schema}.timeline_entries WHERE "CustomerId" = $1""";
    private const string Page = $"""
        SELECT "Id", "OccurredAt", "SourceService", "Kind", "SourceRecordId", "SourceEventId", "Summary"
        FROM {CounselingDbContext.Schema}.timeline_entries WHERE "CustomerId" = $1
        ORDER BY "OccurredAt" DESC, "Id" DESC OFFSET $2 LIMIT $3
        """;

    public sealed record Read(bool Restricted, int Total, IReadOnlyList<TimelineItem> Items);

    public static async Task<Read> ReadAsync(CounselingDbContext db, string customerId, PageWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(Restricted) { Parameters = { new NpgsqlParameter { Value = customerId } } },
                    new NpgsqlBatchCommand(Count) { Parameters = { new NpgsqlParameter { Value = customerId } } },
                    new NpgsqlBatchCommand(Page)
                    {
                        Parameters = { new NpgsqlParameter { Value = customerId }, new NpgsqlParameter { Value = window.Skip }, new NpgsqlParameter { Value = window.Size } },
                    },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var restricted = reader.GetBoolean(0);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var total = checked((int)reader.GetInt64(0));
            await reader.NextResultAsync(cancellationToken);
            var items = new List<TimelineItem>(window.Size);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new TimelineItem(
                    reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetGuid(4), reader.GetGuid(5), reader.GetString(6)));
            }

            return new Read(restricted, total, items);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
