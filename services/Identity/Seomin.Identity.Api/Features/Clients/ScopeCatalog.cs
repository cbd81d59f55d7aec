using OpenIddict.Abstractions;
using Seomin.Access;

namespace Seomin.Identity.Api.Features.Clients;

/// <summary>
/// The scopes the token service issues and the audiences (OpenIddict resources) each one puts into a token: a staff
/// or internal API scope is a service's name and grants that service's audience; a partner or institution scope grants
/// the audience of the service that serves it (<see cref="Scopes.Audiences"/>). Every access token is also for the gateway.
/// </summary>
public static class ScopeCatalog
{
    public static readonly IReadOnlyDictionary<string, string> Resources = ApiScopes.All
        .Select(s => KeyValuePair.Create(s, s))
        .Concat(Scopes.Audiences)
        .ToDictionary(StringComparer.Ordinal);

    /// <summary>The scopes a client of <paramref name="clientType"/> may be permitted.</summary>
    public static IReadOnlySet<string> AllowedFor(string clientType) => clientType switch
    {
        ClientTypes.Internal => new HashSet<string>(ApiScopes.All, StringComparer.Ordinal),
        ClientTypes.Partner => Scopes.Partner,
        ClientTypes.Institution => Scopes.Institution,
        _ => new HashSet<string>(StringComparer.Ordinal),
    };

    /// <summary>The audiences of a token carrying <paramref name="scopes"/>: the gateway and each scope's service.</summary>
    public static IReadOnlyList<string> AudiencesFor(IEnumerable<string> scopes) =>
        new[] { Audiences.Gateway }
            .Concat(scopes.Where(Resources.ContainsKey).Select(s => Resources[s]))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Registers every scope with its resources (idempotent; every environment).</summary>
    public static async Task RegisterAsync(IOpenIddictScopeManager manager, CancellationToken cancellationToken)
    {
        foreach (var (scope, resource) in Resources)
        {
            if (await manager.FindByNameAsync(scope, cancellationToken) is null)
            {
                var descriptor = new OpenIddictScopeDescriptor { Name = scope, DisplayName = scope };
                descriptor.Resources.Add(Audiences.Gateway);
                descriptor.Resources.Add(resource);
                await manager.CreateAsync(descriptor, cancellationToken);
            }
        }
    }
}
