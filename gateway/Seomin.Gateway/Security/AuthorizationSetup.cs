using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Seomin.Gateway.Clients;

namespace Seomin.Gateway.Security;

public static class Policies
{
    public const string Administrator = "administrator";
    public const string AnyStaff = "any-staff";

    public static string ForService(string serviceName) => $"service:{serviceName}";

    public static string ForScope(string scope) => $"scope:{scope}";
}

/// <summary>An internal client with one of <see cref="Roles"/>, or with one of <see cref="ReadRoles"/> on a GET/HEAD.</summary>
public sealed class StaffRouteRequirement(IReadOnlyCollection<string> roles, IReadOnlyCollection<string> readRoles)
    : AuthorizationHandler<StaffRouteRequirement>, IAuthorizationRequirement
{
    public IReadOnlyCollection<string> Roles => roles;

    public IReadOnlyCollection<string> ReadRoles => readRoles;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffRouteRequirement requirement)
    {
        if (!context.User.IsInternal())
        {
            return Task.CompletedTask;
        }

        var method = (context.Resource as HttpContext)?.Request.Method;
        var isRead = HttpMethods.IsGet(method ?? "") || HttpMethods.IsHead(method ?? "");
        if (requirement.Roles.Any(context.User.IsInRole) || (isRead && requirement.ReadRoles.Any(context.User.IsInRole)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class AuthorizationSetup
{
    private static readonly string[] AnonymousPaths = ["/health", "/alive", "/openapi/partner.json", "/openapi/v1.json"];

    public static IServiceCollection AddGatewayAuthorization(this IServiceCollection services)
    {
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<GatewayOptions>>((authorization, gateway) =>
        {
            // Deny by default: every endpoint without its own policy needs a valid token, except the probes and public documents.
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder()
                .RequireAssertion(context =>
                    context.User.Identity?.IsAuthenticated == true
                    || (context.Resource is HttpContext http && AnonymousPaths.Contains(http.Request.Path.Value, StringComparer.OrdinalIgnoreCase)))
                .Build();
            authorization.AddPolicy(Policies.Administrator, policy => policy
                .RequireClaim(GatewayClaims.ClientType, GatewayClaims.Internal)
                .RequireRole(Vocabulary.Administrator));
            authorization.AddPolicy(Policies.AnyStaff, policy => policy
                .RequireClaim(GatewayClaims.ClientType, GatewayClaims.Internal));
            foreach (var scope in Vocabulary.Scopes)
            {
                authorization.AddPolicy(Policies.ForScope(scope), policy => policy
                    .RequireClaim(GatewayClaims.ClientType, GatewayClaims.Partner)
                    .RequireAssertion(context => context.User.HasScope(scope)));
            }

            foreach (var (name, service) in gateway.Value.Services)
            {
                authorization.AddPolicy(Policies.ForService(name), policy => policy
                    .AddRequirements(new StaffRouteRequirement(service.Roles, service.ReadRoles)));
            }
        });
        return services;
    }
}
