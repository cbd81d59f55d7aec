using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using Seomin.LocalServers;

namespace Seomin.AppHost.Resources;

/// <summary>
/// A private RabbitMQ node run from Debian's package through <see cref="RabbitMqLocalServer"/>'s wrapper script
/// (data under <c>&lt;data&gt;/messaging</c>), with the management plug-in and a generated administrator.
/// </summary>
public sealed class RabbitMqServerResource(string name, ServerCommand command, ParameterResource password)
    : ExecutableResource(name, command.FileName, command.WorkingDirectory), IResourceWithConnectionString
{
    internal const string UserName = "seomin";

    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public EndpointReference ManagementEndpoint => new(this, "management");

    public ParameterResource PasswordParameter { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}/");
}

/// <summary>The Erlang port mapper the node registers with, as its own process (no <c>epmd -daemon</c> left behind).</summary>
public sealed class EpmdResource(string name, ServerCommand command)
    : ExecutableResource(name, command.FileName, command.WorkingDirectory);

internal static class RabbitMqResourceExtensions
{
    /// <summary>
    /// The local node and its port mapper, or the broker of <c>ConnectionStrings:messaging</c> when one is configured
    /// (its management API from <c>Messaging:ManagementUri</c>, default port 15672 on the broker's host).
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string name, AppHostSettings settings)
    {
        if (settings.ExternalMessaging)
        {
            return builder.AddConnectionString(name);
        }

        var root = Path.Combine(settings.DataDirectory, name);
        var epmdPort = settings.Port("Erlang port mapper", 4370);
        var password = builder.AddParameter($"{name}-password", settings.Secret($"{name}-password"), secret: true);
        var command = RabbitMqLocalServer.Prepare(new RabbitMqServerSettings(root));
        var server = new RabbitMqServerResource(name, command, password.Resource);
        var healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async ct =>
            await CanConnectAsync(await server.ConnectionStringExpression.GetValueAsync(ct), ct));
        var distributionPort = settings.Port("RabbitMQ distribution", 25673);
        var node = builder.AddResource(server)
            .WithArgs([.. command.Arguments])
            .WithEndpoint(name: "tcp", port: settings.Port("RabbitMQ AMQP", 5673), env: RabbitMqLocalServer.PortVariable)
            .WithHttpEndpoint(name: "management", port: settings.Port("RabbitMQ management", 15673), env: RabbitMqLocalServer.ManagementPortVariable)
            .WithUrlForEndpoint("management", u => u.DisplayText = "RabbitMQ management UI")
            .WithEnvironment(RabbitMqLocalServer.DistributionPortVariable, distributionPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment(RabbitMqLocalServer.EpmdPortVariable, epmdPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment(RabbitMqLocalServer.PasswordVariable, password)
            .WithHealthCheck(healthCheck)
            .WithIconName("Mail");

        var epmdCommand = RabbitMqLocalServer.EpmdCommand(epmdPort, settings.DataDirectory);
        var epmd = builder.AddResource(new EpmdResource($"{name}-epmd", epmdCommand))
            .WithArgs([.. epmdCommand.Arguments])
            .WithEndpoint(name: "tcp", port: epmdPort, targetPort: epmdPort, isProxied: false)
            .WithParentRelationship(node);
        return node.WaitFor(epmd);
    }

    private static async Task<HealthCheckResult> CanConnectAsync(string? connectionString, CancellationToken cancellationToken)
    {
        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(connectionString!), ClientProvidedName = "seomin-apphost-health" };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
