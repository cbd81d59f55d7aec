using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Seomin.Access;

namespace Seomin.Gateway.Security;

public static class Policies
{
    /// <summary>YARP's name for a route that needs no token (the token service checks its own calls).</summary>
    public const string Anonymous = "anonymous";

    public const string AnyStaff = "any-staff";

    public static string ForService(string serviceName) => $"service:{serviceName}";

    public static string ForScope(string scope) => $"scope:{scope}";
}

/// <summary>
/// A staff or internal token with one of <see cref="Roles"/>, or with one of <see cref="ReadRoles"/> on a GET/HEAD; or
/// an institution token with one of the service's <see cref="InstitutionScopes"/>.
/// </summary>
public sealed class StaffRouteRequirement(IReadOnlyCollection<string> roles, IReadOnlyCollection<string> readRoles, IReadOnlyCollection<string> institutionScopes)
    : AuthorizationHandler<StaffRouteRequirement>, IAuthorizationRequirement
{
    public IReadOnlyCollection<string> Roles => roles;

    public IReadOnlyCollection<string> ReadRoles => readRoles;

    public IReadOnlyCollection<string> InstitutionScopes => institutionScopes;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffRouteRequirement requirement)
    {
        if (context.User.IsInstitution() && requirement.InstitutionScopes.Any(context.User.HasScope))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        if (!context.User.IsStaffOrInternal())
        {
            return Task.CompletedTask;
        }

        var method = (context.Resource as HttpContext)?.Request.Method ?? string.Empty;
        var isRead = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        if (requirement.Roles.Any(context.User.HasRole) || (isRead && requirement.ReadRoles.Any(context.User.HasRole)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The gateway's coarse checks on top of Seomin.Access's token validation (audience <c>gateway</c>): a staff route
/// needs a staff or internal token with one of the service's roles (or an institution token with one of the service's
/// institution scopes), a partner route a partner token with the route's scope; partner tokens never pass
/// <c>/api/**</c>. The services check everything again themselves.
/// </summary>
public static partial class AuthorizationSetup
{
    private const string FailureCodeKey = "Seomin.Gateway.AuthFailure";

    private static readonly string[] AnonymousPaths = ["/health", "/alive", "/openapi/partner.json"];

    public static IHostApplicationBuilder AddGatewayAccess(this IHostApplicationBuilder builder)
    {
        builder.AddSeominTokenValidation(Audiences.Gateway);
        var services = builder.Services;
        services.AddHostedService<RevocationPolling>();
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, WithGatewayProblems);
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<GatewayOptions>>((authorization, gateway) =>
        {
            // Deny by default: every request without a route policy needs a valid token, except the probes and the
            // partner document; partner and institution tokens never reach an /api path, routed or not.
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
                .RequireAssertion(context => context.Resource is HttpContext http && IsAllowedByDefault(http, context.User))
                .Build();
            authorization.AddPolicy(Policies.AnyStaff, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.IsStaffOrInternal()));
            foreach (var scope in Scopes.Partner)
            {
                authorization.AddPolicy(Policies.ForScope(scope), policy => policy
                    .RequireAuthenticatedUser()
                    .RequireAssertion(context => context.User.IsPartner() && context.User.HasScope(scope)));
            }

            foreach (var (name, service) in gateway.Value.Services)
            {
                authorization.AddPolicy(Policies.ForService(name), policy => policy
                    .RequireAuthenticatedUser()
                    .AddRequirements(new StaffRouteRequirement(service.Roles, service.ReadRoles, service.InstitutionScopes)));
            }
        });
        return builder;
    }

    private static bool IsAllowedByDefault(HttpContext http, System.Security.Claims.ClaimsPrincipal user)
    {
        if (AnonymousPaths.Contains(http.Request.Path.Value, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        return !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || user.IsStaffOrInternal();
    }

    /// <summary>
    /// Seomin.Access answers 401/403 with its own codes; at the edge partners see the gateway's documented codes
    /// (GW-AUTH-00x), and a token in the query string is refused even when the header carries a valid one.
    /// </summary>
    private static void WithGatewayProblems(JwtBearerOptions jwt)
    {
        var inner = jwt.Events ?? new JwtBearerEvents();
        var tokenValidated = inner.OnTokenValidated;
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (context.Request.Query.Keys.Any(k => string.Equals(k, "access_token", StringComparison.OrdinalIgnoreCase)))
                {
                    context.HttpContext.Items[FailureCodeKey] = ErrorCodes.TokenInQuery;
                    LogTokenInQuery(SecurityLogger(context.HttpContext), context.Request.Path);
                    context.Fail("An access token was sent in the query string.");
                }

                return Task.CompletedTask;
            },
            OnTokenValidated = async context =>
            {
                await tokenValidated(context);
                if (context.Result?.Failure is not null)
                {
                    context.HttpContext.Items[FailureCodeKey] = ErrorCodes.TokenRevoked;
                    LogTokenRejected(SecurityLogger(context.HttpContext), "revoked", context.Request.Path);
                }
            },
            OnAuthenticationFailed = context =>
            {
                // The exception type says why (expired, signature, audience) without carrying the token.
                context.HttpContext.Items.TryAdd(FailureCodeKey, ErrorCodes.TokenInvalid);
                LogTokenRejected(SecurityLogger(context.HttpContext), context.Exception.GetType().Name, context.Request.Path);
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var code = context.HttpContext.Items[FailureCodeKey] as string
                    ?? (context.AuthenticateFailure is not null ? ErrorCodes.TokenInvalid : ErrorCodes.TokenMissing);
                context.Response.Headers.WWWAuthenticate = code == ErrorCodes.TokenMissing
                    ? "Bearer realm=\"seomin\""
                    : "Bearer realm=\"seomin\", error=\"invalid_token\"";
                var detail = code switch
                {
                    ErrorCodes.TokenInQuery => "Send the access token in the Authorization header, never in the query string.",
                    ErrorCodes.TokenRevoked => "The access token has been revoked.",
                    ErrorCodes.TokenInvalid => "The access token is expired, malformed, or not signed by the token service for this audience.",
                    _ => "An access token is required: Authorization: Bearer <token>.",
                };
                await GatewayProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, code, "Unauthorized", detail);
            },
            OnForbidden = context => GatewayProblems.WriteAsync(
                context.HttpContext,
                StatusCodes.Status403Forbidden,
                ErrorCodes.Forbidden,
                "Forbidden",
                "The token does not carry a role or scope that allows this request."),
        };
    }

    private static ILogger SecurityLogger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Seomin.Gateway.Security");

    [LoggerMessage(EventId = 8301, Level = LogLevel.Warning, Message = "Refused a token in the query string on {Path}")]
    private static partial void LogTokenInQuery(ILogger logger, PathString path);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Warning, Message = "Rejected an access token ({Reason}) on {Path}")]
    private static partial void LogTokenRejected(ILogger logger, string reason, PathString path);
}
