using Seomin.Identity.Api.Data;

namespace Seomin.Identity.Api.Features.Audit;

/// <summary>
/// Writes the security-event trail. <see cref="Record"/> adds the line to the request's DbContext so it commits with
/// the change it describes; <see cref="RecordNowAsync"/> commits it on its own (a failed sign-in changes nothing else).
/// </summary>
public sealed partial class SecurityAudit(IdentityDbContext db, TimeProvider timeProvider, IHttpContextAccessor http, ILogger<SecurityAudit> logger)
{
    public void Record(string kind, string? subject, string? actor = null, string? clientId = null, string? detail = null)
    {
        db.SecurityEvents.Add(new SecurityEvent
        {
            OccurredAt = timeProvider.GetUtcNow(),
            Kind = kind,
            Subject = Truncate(subject, 100),
            Actor = Truncate(actor, 100),
            ClientId = Truncate(clientId, 100),
            RemoteAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Detail = Truncate(detail, 500),
        });
        // The log names the event and the client only: an employee number typed at the sign-in page may be anything.
        LogSecurityEvent(logger, kind, clientId);
    }

    public async Task RecordNowAsync(string kind, string? subject, string? actor = null, string? clientId = null, string? detail = null)
    {
        Record(kind, subject, actor, clientId, detail);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string? Truncate(string? value, int length) => value is { Length: > 0 } && value.Length > length ? value[..length] : value;

    [LoggerMessage(EventId = 1320, Level = LogLevel.Information, Message = "Security event {Kind} (client {ClientId})")]
    private static partial void LogSecurityEvent(ILogger logger, string kind, string? clientId);
}
