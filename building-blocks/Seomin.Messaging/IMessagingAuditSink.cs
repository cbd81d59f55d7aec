using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Seomin.Messaging;

/// <summary>One operator action on an error queue.</summary>
/// <param name="Actor">Who did it (the signed-in operator's name).</param>
/// <param name="Action"><c>replay</c>, <c>replay-all</c> or <c>purge</c>.</param>
/// <param name="Queue">The error queue.</param>
/// <param name="MessageId">The message, when one was named.</param>
/// <param name="MessageCount">How many messages the action moved or removed.</param>
/// <param name="OccurredAt">When.</param>
public sealed record MessagingAuditRecord(string Actor, string Action, string Queue, Guid? MessageId, int MessageCount, DateTimeOffset OccurredAt);

/// <summary>Stores operator audit records. Services get a table in their DbContext; the AppHost supplies its own.</summary>
public interface IMessagingAuditSink
{
    Task WriteAsync(MessagingAuditRecord record, CancellationToken cancellationToken);
}

/// <summary>Writes audit records to the <c>messaging_audit</c> table of the service DbContext.</summary>
internal sealed class DbContextMessagingAuditSink(IMessagingDbContext db) : IMessagingAuditSink
{
    public async Task WriteAsync(MessagingAuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        // Raw insert: an operator action never saves unrelated pending changes of the request's context.
        var context = db.DbContext;
        var sql = $"INSERT INTO {OutboxRelayWorker.TableName(context, typeof(MessagingAuditEntry))} (actor, action, queue, message_id, message_count, occurred_at) " +
            "VALUES (@actor, @action, @queue, @messageId, @count, @at)";
        await context.Database.ExecuteSqlRawAsync(
            sql,
            [
                new NpgsqlParameter("actor", record.Actor),
                new NpgsqlParameter("action", record.Action),
                new NpgsqlParameter("queue", record.Queue),
                new NpgsqlParameter("messageId", NpgsqlDbType.Uuid) { Value = (object?)record.MessageId ?? DBNull.Value },
                new NpgsqlParameter("count", record.MessageCount),
                new NpgsqlParameter("at", record.OccurredAt),
            ],
            cancellationToken);
    }
}
