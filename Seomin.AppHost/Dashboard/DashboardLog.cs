namespace Seomin.AppHost.Dashboard;

/// <summary>The dashboard's log messages.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Refused an OTLP {Signal} request: {Reason}")]
    public static partial void OtlpRefused(ILogger logger, string signal, string reason);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Operator action {Action} on {VirtualHost}/{Queue} by {Actor}: {Outcome} ({Count} message(s))")]
    public static partial void OperatorAction(ILogger logger, string action, string virtualHost, string queue, string actor, string outcome, int count);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "RabbitMQ management API call failed: {Reason}")]
    public static partial void ManagementCallFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Dashboard login refused from {RemoteAddress}")]
    public static partial void LoginRefused(ILogger logger, string remoteAddress);
}
