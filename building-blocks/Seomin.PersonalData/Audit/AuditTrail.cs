using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Npgsql;
using NpgsqlTypes;

namespace Seomin.PersonalData.Audit;

/// <summary>
/// Records audit rows. <see cref="Record"/> adds the row to the service's DbContext, so it commits
/// atomically with the change it describes; <see cref="RecordNowAsync"/> also saves (for reads).
/// </summary>
public interface IAuditTrail
{
    void Record(AuditEntry entry);

    /// <summary>Writes the recorded rows at once, without saving the context's other pending changes.</summary>
    Task SaveAsync(CancellationToken cancellationToken = default);

    /// <summary>Records and writes at once (for reads, where no other change is saved).</summary>
    Task RecordNowAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}

/// <summary>The <see cref="IAuditTrail"/> over a DbContext whose model has <c>AddAuditTrail()</c>.</summary>
public sealed class DbContextAuditTrail(DbContext db, IAuditActorAccessor actors, TimeProvider timeProvider) : IAuditTrail
{
    public void Record(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.ResourceType);
        if (entry.Action is AuditAction.Download or AuditAction.Export or AuditAction.Unmask && string.IsNullOrWhiteSpace(entry.Reason))
        {
            throw new ArgumentException($"A reason is required to record {entry.Action}.", nameof(entry));
        }

        var actor = actors.Current;
        var now = timeProvider.GetUtcNow();
        db.Set<AuditLogEntry>().Add(new AuditLogEntry
        {
            // PostgreSQL keeps microseconds; truncating here keeps the in-memory row equal to the stored one.
            OccurredAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero),
            Actor = actor.Id,
            ActorType = actor.Type,
            ClientIp = actor.ClientIp,
            Client = actor.ClientId,
            Action = entry.Action,
            Subject = entry.Subject,
            ResourceType = entry.ResourceType,
            ResourceId = entry.ResourceId,
            Reason = entry.Reason,
            Changes = entry.Changes.Count == 0 ? null : ChangesJson(entry.Changes),
            PrevHash = null!,
            Hash = null!,
        });
    }

    public async Task RecordNowAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        Record(entry);
        await SaveAsync(cancellationToken);
    }

    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        var pending = db.ChangeTracker.Entries<AuditLogEntry>().Where(e => e.State == EntityState.Added).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var (schema, name) = AuditTrailSql.TableOf(db);
        var table = AuditTrailSql.QualifiedName(schema, name);

        // A plain INSERT (the trigger seals it): the request's other pending changes are not saved.
        var sql = "INSERT INTO " + table + " (occurred_at, actor, actor_type, client_ip, actor_client, action, subject, resource_type, resource_id, reason, changes) " +
            "VALUES (@at, @actor, @actorType, @ip, @client, @action, @subject, @resourceType, @resourceId, @reason, CAST(@changes AS jsonb))";
        foreach (var entry in pending)
        {
            var row = entry.Entity;
#pragma warning disable EF1003 // The only concatenated part is the table name, quoted from the model.
            await db.Database.ExecuteSqlRawAsync(
                sql,
                [
                    new NpgsqlParameter("at", row.OccurredAt),
                    Text("actor", row.Actor),
                    Text("actorType", row.ActorType),
                    Text("ip", row.ClientIp),
                    Text("client", row.Client),
                    Text("action", row.Action.ToString()),
                    Text("subject", row.Subject?.Value),
                    Text("resourceType", row.ResourceType),
                    Text("resourceId", row.ResourceId),
                    Text("reason", row.Reason),
                    Text("changes", row.Changes),
                ],
                cancellationToken);
#pragma warning restore EF1003
            entry.State = EntityState.Detached;
        }
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static string ChangesJson(IReadOnlyList<AuditFieldChange> changes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var change in changes)
            {
                writer.WriteStartObject(change.Field);
                writer.WriteString("before", change.Before);
                writer.WriteString("after", change.After);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>Before/after values of a tracked entity, for <see cref="AuditEntry.Changes"/>.</summary>
public static class AuditChanges
{
    /// <summary>The text written instead of an encrypted property's value.</summary>
    public const string EncryptedValue = "[encrypted]";

    /// <summary>
    /// The changed properties of <paramref name="entry"/> (all properties of an added one), formatted
    /// invariantly. Properties marked <c>IsEncrypted()</c> show <see cref="EncryptedValue"/>; an RRN shows
    /// its redacted text; <paramref name="format"/> can mask further (e.g. names, phones).
    /// Call it before SaveChanges, while the entry is still Modified/Added.
    /// </summary>
    public static IReadOnlyList<AuditFieldChange> Of(EntityEntry entry, Func<string, object?, string?>? format = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var changes = new List<AuditFieldChange>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            var encrypted = property.Metadata.FindAnnotation(FieldEncryption.AnnotationName) is not null;
            if (entry.State == EntityState.Added)
            {
                changes.Add(new AuditFieldChange(name, null, Format(name, property.CurrentValue, encrypted, format)));
            }
            else if (entry.State == EntityState.Modified && property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
            {
                changes.Add(new AuditFieldChange(
                    name,
                    Format(name, property.OriginalValue, encrypted, format),
                    Format(name, property.CurrentValue, encrypted, format)));
            }
        }

        return changes;
    }

    private static string? Format(string name, object? value, bool encrypted, Func<string, object?, string?>? format)
    {
        if (value is null)
        {
            return null;
        }

        if (encrypted)
        {
            return EncryptedValue;
        }

        if (format is not null)
        {
            return format(name, value);
        }

        var text = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
        return text is null ? null : RrnPattern.Redact(text);
    }
}
