using Microsoft.Extensions.Options;
using Seomin.AppHost.Hosting;

namespace Seomin.AppHost.Dashboard.Messaging;

/// <summary>Where the broker's management API and AMQP listener are, with the credentials to use.</summary>
/// <param name="ManagementUri">Management API base, e.g. <c>http://127.0.0.1:15672/</c>.</param>
/// <param name="UserName">User for both APIs.</param>
/// <param name="Password">Password for both APIs.</param>
/// <param name="AmqpHost">AMQP host.</param>
/// <param name="AmqpPort">AMQP port.</param>
public sealed record RabbitMqEndpoint(Uri ManagementUri, string UserName, string Password, string AmqpHost, ushort AmqpPort)
{
    /// <inheritdoc />
    public override string ToString() => $"{ManagementUri} amqp://{AmqpHost}:{AmqpPort}";
}

/// <summary>
/// Gives the Messaging page the broker to talk to. The AppHost registers its own implementation that reads the
/// RabbitMQ resource from its application model; the default reads <c>Dashboard:RabbitMq</c> from configuration.
/// </summary>
public interface IRabbitMqEndpointSource
{
    /// <summary>The broker, or null when none is known (yet).</summary>
    RabbitMqEndpoint? GetEndpoint();
}

/// <summary>
/// Reads the broker from the AppHost's resource model: the <c>messaging</c> resource's connection string
/// (credentials, AMQP port) and its <c>management</c> endpoint. <c>Dashboard:RabbitMq</c> settings win when given.
/// </summary>
internal sealed class ResourceModelRabbitMqEndpointSource(IServiceProvider services, IOptionsMonitor<DashboardOptions> options) : IRabbitMqEndpointSource
{
    private readonly ConfiguredRabbitMqEndpointSource _configured = new(options);

    public RabbitMqEndpoint? GetEndpoint()
    {
        if (_configured.GetEndpoint() is { } configured)
        {
            return configured;
        }

        if (services.GetService<IResourceRegistry>() is not Orchestrator orchestrator
            || orchestrator.GetConnectionString(ResourceNames.Messaging) is not { } connectionString
            || !Uri.TryCreate(connectionString, UriKind.Absolute, out var amqp))
        {
            return null;
        }

        var management = orchestrator.GetEndpoints(ResourceNames.Messaging).FirstOrDefault(e => e.Name == "management");
        var userInfo = amqp.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : string.Empty;
        var managementUri = management is not null && Uri.TryCreate(management.Url, UriKind.Absolute, out var m) ? m : new Uri($"http://{amqp.Host}:15672/");
        var port = amqp.IsDefaultPort || amqp.Port <= 0 ? (ushort)5672 : (ushort)amqp.Port;
        return new RabbitMqEndpoint(managementUri, user, password, amqp.Host, port);
    }
}

/// <summary>Reads the broker from <see cref="DashboardRabbitMqOptions"/>.</summary>
internal sealed class ConfiguredRabbitMqEndpointSource(IOptionsMonitor<DashboardOptions> options) : IRabbitMqEndpointSource
{
    public RabbitMqEndpoint? GetEndpoint()
    {
        var rabbit = options.CurrentValue.RabbitMq;
        if (string.IsNullOrWhiteSpace(rabbit.ManagementUrl) || !Uri.TryCreate(rabbit.ManagementUrl, UriKind.Absolute, out var management))
        {
            return null;
        }

        var user = rabbit.UserName ?? "guest";
        var password = rabbit.Password ?? "guest";
        var host = management.Host;
        ushort port = 5672;
        if (!string.IsNullOrWhiteSpace(rabbit.AmqpUri) && Uri.TryCreate(rabbit.AmqpUri, UriKind.Absolute, out var amqp))
        {
            host = amqp.Host;
            port = amqp.IsDefaultPort || amqp.Port <= 0 ? (ushort)5672 : (ushort)amqp.Port;
            var userInfo = amqp.UserInfo.Split(':', 2);
            if (rabbit.UserName is null && userInfo[0].Length > 0)
            {
                user = Uri.UnescapeDataString(userInfo[0]);
            }

            if (rabbit.Password is null && userInfo.Length > 1)
            {
                password = Uri.UnescapeDataString(userInfo[1]);
            }
        }

        return new RabbitMqEndpoint(management, user, password, host, port);
    }
}
