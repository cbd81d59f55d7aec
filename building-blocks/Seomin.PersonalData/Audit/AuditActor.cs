using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Seomin.PersonalData.Audit;

/// <summary>Who is acting now.</summary>
public interface IAuditActorAccessor
{
    AuditActor Current { get; }
}

/// <summary>
/// The actor from the current request's validated access token: the person (<c>sub</c>, the employee number) and
/// the client that carried the call (<c>client_id</c>); a system's token names the system in both. No header is
/// trusted: a request without a valid token never reaches a handler. The IP is the connection's remote address,
/// which the forwarded-headers middleware sets from the gateway's X-Forwarded-For. Outside a request the actor is the
/// job or consumer named by <see cref="AuditActorScope"/>, else <c>system:&lt;application&gt;</c>.
/// </summary>
public sealed class HttpAuditActorAccessor(IHttpContextAccessor httpContextAccessor, IHostEnvironment environment) : IAuditActorAccessor
{
    private const string PersonClientType = "staff";

    public AuditActor Current
    {
        get
        {
            var context = httpContextAccessor.HttpContext;
            if (context is null)
            {
                return new AuditActor(AuditActorScope.Current ?? "system:" + environment.ApplicationName, "System", null);
            }

            var ip = context.Connection.RemoteIpAddress?.ToString();
            var user = context.User;
            var subject = user.FindFirstValue("sub");
            var clientId = user.FindFirstValue("client_id") ?? user.FindFirstValue("azp");
            if (!string.IsNullOrEmpty(subject))
            {
                // A person's token names the person and the client apart; a system's names itself in both.
                var isPerson = user.FindFirstValue("client_type") is { } clientType ? clientType == PersonClientType : subject != clientId;
                return new AuditActor(subject, isPerson ? "User" : "Client", ip, clientId);
            }

            if (!string.IsNullOrEmpty(clientId))
            {
                return new AuditActor(clientId, "Client", ip, clientId);
            }

            return new AuditActor("anonymous", "Anonymous", ip);
        }
    }
}

/// <summary>
/// Names the job or consumer acting outside a request, for the audit records it writes:
/// <c>using (AuditActorScope.Begin("job:guarantee-lapse")) { ... }</c>.
/// </summary>
public static class AuditActorScope
{
    private static readonly AsyncLocal<string?> Name = new();

    public static string? Current => Name.Value;

    public static IDisposable Begin(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var previous = Name.Value;
        Name.Value = name.Length > 200 ? name[..200] : name;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Name.Value = previous;
    }
}

/// <summary>A fixed actor, for jobs that act on behalf of a known operator and for tests.</summary>
public sealed class FixedAuditActorAccessor(AuditActor actor) : IAuditActorAccessor
{
    public AuditActor Current { get; } = actor;
}
