using MassTransit;
using Microsoft.Extensions.Logging;
using Seomin.Contracts.Identity;

namespace Seomin.Access.Notices;

/// <summary>
/// Adds a revocation notice to this instance's revocation list. Consumed on a queue per instance (every instance
/// of every service receives every notice), never through a service's inbox, which delivers a message once per service.
/// </summary>
public sealed partial class AccessRevokedConsumer(ITokenRevocations revocations, ILogger<AccessRevokedConsumer> logger) : IConsumer<AccessRevoked>
{
    public Task Consume(ConsumeContext<AccessRevoked> context)
    {
        var notice = context.Message;
        var what = revocations.Apply(notice.TokenId, notice.Subject, notice.ClientId, notice.RevokedAt, notice.ExpiresAt);
        LogRevoked(logger, notice.EventId, what, notice.Reason);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Revocation notice {EventId} applied to {RevokedKind} ({Reason})")]
    private static partial void LogRevoked(ILogger logger, Guid eventId, string revokedKind, string reason);
}
