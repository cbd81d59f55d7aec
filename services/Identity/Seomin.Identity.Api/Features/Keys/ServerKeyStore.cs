using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Seomin.Contracts.Identity;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.Audit;
using Seomin.Messaging;

namespace Seomin.Identity.Api.Features.Keys;

public sealed record SigningKeyView(
    string KeyId,
    string Algorithm,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt,
    DateTimeOffset? PublishedUntil,
    DateTimeOffset? WithdrawnAt,
    bool Signs,
    bool Published);

/// <summary>
/// Creates, rotates and withdraws the server keys in the database, one replica at a time (a PostgreSQL advisory lock),
/// and publishes <see cref="SigningKeysChanged"/> through the outbox in the same transaction.
/// </summary>
public sealed class ServerKeyStore(
    IdentityDbContext db,
    ServerKeyRing ring,
    IOutbox outbox,
    SecurityAudit audit,
    TimeProvider timeProvider,
    IOptions<TokenServiceOptions> options)
{
    // Any constant shared by every replica: the lock serialises key changes across them.
    private const long KeyLock = 0x5E0_1D_0013;

    public async Task<IReadOnlyList<SigningKeyView>> ListAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var keys = await db.ServerKeys.AsNoTracking().Where(k => k.Use == ServerKeyUse.Signing).OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        return keys.Select(k => new SigningKeyView(k.KeyId, k.Algorithm, k.CreatedAt, k.RetiredAt, k.PublishedUntil, k.WithdrawnAt, k.Signs, k.IsPublishedAt(now))).ToList();
    }

    /// <summary>A signing key and an encryption key exist (the first start of the first replica creates them).</summary>
    public async Task EnsureKeysAsync(CancellationToken cancellationToken)
    {
        await InLockAsync(async now =>
        {
            var keys = await db.ServerKeys.ToListAsync(cancellationToken);
            if (!keys.Any(k => k.Use == ServerKeyUse.Signing && k.Signs))
            {
                db.ServerKeys.Add(ServerKeyMaterial.NewSigningKey(ring.Protector, now));
            }

            if (!keys.Any(k => k.Use == ServerKeyUse.Encryption && k.WithdrawnAt is null))
            {
                db.ServerKeys.Add(ServerKeyMaterial.NewEncryptionKey(ring.Protector, now));
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>A new key signs from now; the one it replaces stays published until every token it signed has expired.</summary>
    public async Task<SigningKeyView> RotateAsync(string actor, string reason, CancellationToken cancellationToken)
    {
        string keyId = "";
        await InLockAsync(async now =>
        {
            keyId = await RotateLockedAsync(now, actor, reason, cancellationToken);
            return true;
        }, cancellationToken);
        return (await ListAsync(cancellationToken)).Single(k => k.KeyId == keyId);
    }

    /// <summary>The automatic rotation: only when the signing key is older than the rotation interval.</summary>
    public async Task<bool> RotateIfDueAsync(CancellationToken cancellationToken)
    {
        var rotated = false;
        await InLockAsync(async now =>
        {
            var signing = await db.ServerKeys.Where(k => k.Use == ServerKeyUse.Signing && k.RetiredAt == null && k.WithdrawnAt == null)
                .OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            if (signing is not null && signing.CreatedAt + options.Value.SigningKeyRotationInterval > now)
            {
                return false;
            }

            await RotateLockedAsync(now, "automatic-rotation", "rotation interval elapsed", cancellationToken);
            rotated = true;
            return true;
        }, cancellationToken);
        return rotated;
    }

    /// <summary>Out of the JWKS now (a compromised key); if it was signing, a new key takes over. Null: no such key.</summary>
    public async Task<SigningKeyView?> WithdrawAsync(string keyId, string actor, CancellationToken cancellationToken)
    {
        var found = false;
        await InLockAsync(async now =>
        {
            var key = await db.ServerKeys.SingleOrDefaultAsync(k => k.KeyId == keyId && k.Use == ServerKeyUse.Signing, cancellationToken);
            if (key is null)
            {
                return false;
            }

            found = true;
            if (key.WithdrawnAt is not null)
            {
                return false;
            }

            var wasSigning = key.Signs;
            key.WithdrawnAt = now;
            key.RetiredAt ??= now;
            if (wasSigning)
            {
                db.ServerKeys.Add(ServerKeyMaterial.NewSigningKey(ring.Protector, now));
            }

            audit.Record(SecurityEventKinds.SigningKeyWithdrawn, keyId, actor);
            await PublishChangedAsync(now, cancellationToken);
            return true;
        }, cancellationToken);
        return found ? (await ListAsync(cancellationToken)).Single(k => k.KeyId == keyId) : null;
    }

    private async Task<string> RotateLockedAsync(DateTimeOffset now, string actor, string reason, CancellationToken cancellationToken)
    {
        var publishFor = options.Value.AccessTokenLifetime + options.Value.ClockSkew;
        foreach (var old in await db.ServerKeys.Where(k => k.Use == ServerKeyUse.Signing && k.RetiredAt == null && k.WithdrawnAt == null).ToListAsync(cancellationToken))
        {
            old.RetiredAt = now;
            old.PublishedUntil = now + publishFor;
        }

        var key = ServerKeyMaterial.NewSigningKey(ring.Protector, now);
        db.ServerKeys.Add(key);
        audit.Record(SecurityEventKinds.SigningKeyRotated, key.KeyId, actor, detail: reason);
        await PublishChangedAsync(now, cancellationToken);
        return key.KeyId;
    }

    private async Task PublishChangedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var published = (await db.ServerKeys.Where(k => k.Use == ServerKeyUse.Signing).ToListAsync(cancellationToken))
            .Concat(db.ChangeTracker.Entries<ServerKey>().Where(e => e.State == EntityState.Added).Select(e => e.Entity))
            .DistinctBy(k => k.KeyId)
            .Where(k => k.IsPublishedAt(now))
            .Select(k => k.KeyId)
            .ToList();
        outbox.Publish(new SigningKeysChanged { EventId = MessageIds.NewId(timeProvider), ActiveKeyIds = published, OccurredAt = now });
    }

    private async Task InLockAsync(Func<DateTimeOffset, Task<bool>> change, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var changed = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({KeyLock})", cancellationToken);
            var result = await change(timeProvider.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });
        if (changed)
        {
            await ring.ReloadAsync(cancellationToken);
        }
    }
}

/// <summary>Reads the keys table on every replica at an interval, and rotates the signing key when it is due.</summary>
public sealed partial class ServerKeyPoller(IServiceScopeFactory scopes, ServerKeyRing ring, IOptions<TokenServiceOptions> options, TimeProvider timeProvider, ILogger<ServerKeyPoller> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.KeyPollInterval, timeProvider, stoppingToken);
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<ServerKeyStore>().RotateIfDueAsync(stoppingToken);
                }

                await ring.ReloadAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
            {
                LogPollFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Reading the server keys failed; the keys already loaded stay in use")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
