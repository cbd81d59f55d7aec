using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.ServiceDefaults.Endpoints;

namespace Seomin.DormantAssets.Api.Data;

/// <summary>The shared idempotency filter's records in <c>dormant.idempotency_records</c> (status 0 = in progress).</summary>
internal sealed class DormantIdempotencyStore(DormantAssetsDbContext db) : IIdempotencyStore
{
    private const int MaxStoredKeyLength = 200;

    public async Task<IdempotentResponse?> FindAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        var stored = StoredKey(key);
        var record = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == stored, cancellationToken);
        return record is null
            ? null
            : new IdempotentResponse(record.RequestHash, record.StatusCode, null, record.StatusCode == 0 ? null : record.ResponseBody, record.Location);
    }

    public async Task<bool> TryReserveAsync(IdempotencyKey key, string requestHash, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var record = new IdempotencyRecord { Key = StoredKey(key), RequestHash = requestHash, CreatedAt = at };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
        finally
        {
            db.Entry(record).State = EntityState.Detached;
        }
    }

    public Task CompleteAsync(IdempotencyKey key, IdempotentResponse response, CancellationToken cancellationToken)
    {
        var stored = StoredKey(key);
        return db.IdempotencyRecords.Where(r => r.Key == stored).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.StatusCode, response.StatusCode)
            .SetProperty(r => r.ResponseBody, response.Body ?? string.Empty)
            .SetProperty(r => r.Location, response.Location), cancellationToken);
    }

    public Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        var stored = StoredKey(key);
        return db.IdempotencyRecords.Where(r => r.Key == stored && r.StatusCode == 0).ExecuteDeleteAsync(cancellationToken);
    }

    // Keys without a client are stored as sent (as before the shared filter); a client-scoped key that would not fit
    // the column is stored as its SHA-256.
    private static string StoredKey(IdempotencyKey key)
    {
        var stored = key.Client.Length == 0 ? key.Key : $"{key.Client}|{key.Key}";
        return stored.Length <= MaxStoredKeyLength
            ? stored
            : "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(stored)));
    }
}
