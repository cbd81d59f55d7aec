using MassTransit;
using Microsoft.Extensions.Logging;
using Seomin.Contracts.Identity;

namespace Seomin.Access.Notices;

/// <summary>Reads the token service's keys again at once when they change (a new key, or one withdrawn).</summary>
public sealed partial class SigningKeysChangedConsumer(AccessKeyRefresher refresher, ILogger<SigningKeysChangedConsumer> logger)
    : IConsumer<SigningKeysChanged>
{
    public Task Consume(ConsumeContext<SigningKeysChanged> context)
    {
        refresher.RequestRefresh();
        LogKeysChanged(logger, context.Message.EventId, context.Message.ActiveKeyIds.Count);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "Signing keys changed ({EventId}, {ActiveKeyCount} active): reading the keys again")]
    private static partial void LogKeysChanged(ILogger logger, Guid eventId, int activeKeyCount);
}
