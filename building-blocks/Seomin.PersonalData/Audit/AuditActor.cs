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
/// The actor from the current request: the authenticated principal's <c>sub</c> (a user) or
/// <c>client_id</c> (a partner or internal client); otherwise the gateway's
/// <see cref="ClientIdHeader"/>, trusted because the gateway removes it from incoming requests and sets
/// it from the token it validated (services are not reachable except through the gateway). The IP is
/// the connection's remote address, which the forwarded-headers middleware sets from the gateway's
/// X-Forwarded-For. Outside a request (consumers, jobs) the actor is <c>system:&lt;application&gt;</c>.
/// </summary>
public sealed class HttpAuditActorAccessor(IHttpContextAccessor httpContextAccessor, IHostEnvironment environment) : IAuditActorAccessor
{
    public const string ClientIdHeader = "X-Seomin-Client-Id";

    public AuditActor Current
    {
        get
        {
            var context = httpContextAccessor.HttpContext;
            if (context is null)
            {
                return new AuditActor("system:" + environment.ApplicationName, "System", null);
            }

            var ip = context.Connection.RemoteIpAddress?.ToString();
            var user = context.User;
            var subject = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier);
            if (!string.IsNullOrEmpty(subject))
            {
                return new AuditActor(subject, "User", ip);
            }

            var clientId = user.FindFirstValue("client_id") ?? user.FindFirstValue("azp");
            if (!string.IsNullOrEmpty(clientId))
            {
                return new AuditActor(clientId, "Client", ip);
            }

            var header = context.Request.Headers[ClientIdHeader].ToString();
            if (!string.IsNullOrWhiteSpace(header))
            {
                return new AuditActor(header.Length > 200 ? header[..200] : header, "Client", ip);
            }

            return new AuditActor("anonymous", "Anonymous", ip);
        }
    }
}

/// <summary>A fixed actor, for jobs that act on behalf of a known operator and for tests.</summary>
public sealed class FixedAuditActorAccessor(AuditActor actor) : IAuditActorAccessor
{
    public AuditActor Current { get; } = actor;
}
