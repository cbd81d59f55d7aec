using Seomin.LocalServers;

namespace Seomin.AppHost.Resources;

/// <summary>
/// A private Redis 7 server run from Debian's package through <see cref="RedisLocalServer"/>'s wrapper script (data,
/// an append-only file, under <c>&lt;data&gt;/&lt;name&gt;</c>), with a generated password: the gateway replicas'
/// shared quota counters (docs/adr/0015-gateway-edge-and-shared-quotas.md).
/// </summary>
public sealed class LocalRedisResource(string name, ServerCommand command, ParameterResource password)
    : ExecutableResource(name, command.FileName, command.WorkingDirectory), IResourceWithConnectionString
{
    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>A StackExchange.Redis connection string: <c>host:port,password=...</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
