using Microsoft.Extensions.Diagnostics.HealthChecks;
using Seomin.LocalServers;

namespace Seomin.AppHost.Resources;

internal static class LocalRedisResourceExtensions
{
    /// <summary>
    /// The local Redis server (fixed port 16379 under <c>./run.sh</c>, a free one under tests), or the server of
    /// <c>ConnectionStrings:&lt;name&gt;</c> when one is configured. Healthy when it answers <c>AUTH</c> + <c>PING</c>.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, AppHostSettings settings)
    {
        if (builder.Configuration[$"ConnectionStrings:{name}"] is { Length: > 0 })
        {
            return builder.AddConnectionString(name);
        }

        ServerCommand command;
        try
        {
            command = RedisLocalServer.Prepare(new RedisServerSettings(Path.Combine(settings.DataDirectory, name)));
        }
        catch (InvalidOperationException ex)
        {
            // Missing redis-server package or an unwritable folder: one line, like the other servers.
            throw new StartupCheckException(ex.Message);
        }

        var password = builder.AddParameter($"{name}-password", settings.Secret($"{name}-password"), secret: true);
        var server = new LocalRedisResource(name, command, password.Resource);
        var healthCheck = $"{name}-answers-ping";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async ct =>
        {
            var port = await server.PrimaryEndpoint.Property(EndpointProperty.Port).GetValueAsync(ct);
            var secret = await server.PasswordParameter.GetValueAsync(ct);
            return int.TryParse(port, out var number) && await RedisPing.IsReadyAsync(number, secret ?? string.Empty, ct)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Redis on port {port} does not answer PING.");
        });
        return builder.AddResource(server)
            .WithArgs([.. command.Arguments])
            .WithEndpoint(name: "tcp", port: settings.Port("Redis", 16379), env: RedisLocalServer.PortVariable)
            .WithEnvironment(RedisLocalServer.PasswordVariable, password)
            .WithHealthCheck(healthCheck)
            .WithIconName("Gauge");
    }
}
