namespace Seomin.ServiceDefaults.Endpoints;

/// <summary>An Idempotency-Key as the caller sent it, scoped by the calling client so two clients' keys never collide.</summary>
public readonly record struct IdempotencyKey(string Client, string Key);

/// <summary>
/// What a store holds for a key: the SHA-256 of the first request's body and, once that request succeeded, its
/// answer. <see cref="StatusCode"/> is 0 while the first request is still being processed.
/// </summary>
public sealed record IdempotentResponse(string RequestHash, int StatusCode, string? ContentType, string? Body, string? Location)
{
    public bool IsComplete => StatusCode != 0;
}

/// <summary>
/// Where a service keeps its idempotency records, usually a table in its own database. The shared
/// <see cref="IdempotencyFilter"/> decides; the store only reads and writes.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotentResponse?> FindAsync(IdempotencyKey key, CancellationToken cancellationToken);

    /// <summary>Claims the key for a request in progress; false when the key already exists (another request claimed it).</summary>
    Task<bool> TryReserveAsync(IdempotencyKey key, string requestHash, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records the successful answer to replay for a retry.</summary>
    Task CompleteAsync(IdempotencyKey key, IdempotentResponse response, CancellationToken cancellationToken);

    /// <summary>Frees the key after a failed request, so a retry is processed again (failures are not replayed).</summary>
    Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken);
}
