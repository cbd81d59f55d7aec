using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Seomin.Contracts.Identity;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.Audit;
using Seomin.Messaging;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Seomin.Identity.Api.Features.Revocation;

/// <summary>
/// Ends access at once: revokes the token entries here (refresh tokens stop working, introspection says inactive) and
/// publishes <see cref="AccessRevoked"/> through the outbox, with a revocation entry kept until every access token it
/// can match has expired (<c>GET /revocations/active</c>), so every service refuses the access tokens too.
/// </summary>
public sealed class AccessRevocation(
    IdentityDbContext db,
    IOpenIddictTokenManager tokens,
    IOutbox outbox,
    SecurityAudit audit,
    TimeProvider timeProvider,
    IOptions<TokenServiceOptions> options)
{
    public Task RevokeSubjectAsync(string subject, string reason, string? actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            await tokens.RevokeBySubjectAsync(subject, cancellationToken);
            audit.Record(SecurityEventKinds.SignedOut, subject, actor, detail: reason);
            Notice(tokenId: null, subject, clientId: null, reason, expiresAt: null);
        }, cancellationToken);

    /// <summary>Every token of a client (revoked, or its secret rotated); <paramref name="change"/> commits with it.</summary>
    public Task RevokeClientAsync(string clientId, string applicationId, string reason, string auditKind, string actor, Func<Task> change, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            await change();
            await tokens.RevokeByApplicationIdAsync(applicationId, cancellationToken);
            audit.Record(auditKind, clientId, actor, clientId);
            Notice(tokenId: null, subject: null, clientId, reason, expiresAt: null);
        }, cancellationToken);

    /// <summary>One access token (by its <c>jti</c>); the entry is kept until the token itself expires.</summary>
    public Task NoticeTokenAsync(string tokenId, DateTimeOffset? expiresAt, string reason, string? actor, CancellationToken cancellationToken) =>
        InTransactionAsync(() =>
        {
            audit.Record(SecurityEventKinds.TokenRevoked, actor, actor, detail: reason);
            Notice(tokenId, subject: null, clientId: null, reason, expiresAt);
            return Task.CompletedTask;
        }, cancellationToken);

    public async Task<IReadOnlyList<RevocationEntry>> ActiveAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return await db.Revocations.AsNoTracking().Where(r => r.ExpiresAt > now).OrderBy(r => r.RevokedAt).ToListAsync(cancellationToken);
    }

    private void Notice(string? tokenId, string? subject, string? clientId, string reason, DateTimeOffset? expiresAt)
    {
        var now = timeProvider.GetUtcNow();
        // Every access token issued up to now has expired after one lifetime (plus the services' clock skew).
        var until = expiresAt ?? now + options.Value.AccessTokenLifetime + options.Value.ClockSkew;
        var eventId = MessageIds.NewId(timeProvider);
        db.Revocations.Add(new RevocationEntry
        {
            Id = eventId,
            TokenId = tokenId,
            Subject = subject,
            ClientId = clientId,
            Reason = reason,
            RevokedAt = now,
            ExpiresAt = until,
        });
        outbox.Publish(new AccessRevoked
        {
            EventId = eventId,
            TokenId = tokenId,
            Subject = subject,
            ClientId = clientId,
            Reason = reason,
            RevokedAt = now,
            ExpiresAt = until,
        });
    }

    private async Task InTransactionAsync(Func<Task> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await change();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// Runs after OpenIddict revoked a token at <c>/connect/revoke</c>: a refresh token ends the person's whole sign-in
/// (every refresh token, and a notice for their access tokens); an access token is announced by its <c>jti</c>.
/// </summary>
public sealed class RevocationNoticeHandler(AccessRevocation revocation) : IOpenIddictServerHandler<OpenIddictServerEvents.HandleRevocationRequestContext>
{
    public async ValueTask HandleAsync(OpenIddictServerEvents.HandleRevocationRequestContext context)
    {
        var principal = context.GenericTokenPrincipal;
        if (principal is null || context.IsRejected)
        {
            return;
        }

        var clientId = context.Request.ClientId;
        if (principal.HasTokenType(TokenTypeIdentifiers.RefreshToken) && principal.GetClaim(Claims.Subject) is { } subject)
        {
            await revocation.RevokeSubjectAsync(subject, "refresh-token-revoked", clientId, CancellationToken.None);
        }
        else if (principal.HasTokenType(TokenTypeIdentifiers.AccessToken) && principal.GetClaim(Claims.JwtId) is { } tokenId)
        {
            await revocation.NoticeTokenAsync(tokenId, principal.GetExpirationDate(), "access-token-revoked", clientId, CancellationToken.None);
        }
    }
}
