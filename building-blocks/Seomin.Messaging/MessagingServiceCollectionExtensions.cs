using System.Reflection;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Seomin.Messaging;

/// <summary>Lists the consumers of a service in its one <c>AddMessaging</c> registration.</summary>
public interface IMessagingConfigurator
{
    /// <summary>Adds a consumer; its queue is named after it in kebab case (e.g. <c>guarantee-issued</c>).</summary>
    IMessagingConfigurator AddConsumer<TConsumer>() where TConsumer : class, IConsumer;

    /// <summary>Adds a consumer with its definition (endpoint name, concurrency limit).</summary>
    IMessagingConfigurator AddConsumer<TConsumer, TDefinition>()
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer>;

    /// <summary>
    /// Adds a consumer that every instance of the service runs on its own queue: non-durable, deleted when the
    /// instance stops, outside the inbox (which delivers a message once per service), with the short retry. For
    /// notices every instance must act on, such as the token service's revocations and key changes.
    /// </summary>
    IMessagingConfigurator AddInstanceConsumer<TConsumer>() where TConsumer : class, IConsumer;

    /// <summary>
    /// Adds the <c>[MessageName]</c> types of <paramref name="assembly"/> to the messages the outbox may store
    /// (those of <c>Seomin.Contracts</c> are always known).
    /// </summary>
    IMessagingConfigurator AddContracts(Assembly assembly);

    /// <summary>The MassTransit registration, for what this building block does not cover.</summary>
    IBusRegistrationConfigurator Bus { get; }
}

/// <summary>Registers MassTransit over RabbitMQ with the service's outbox, inbox and relay.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>The connection string name: <c>ConnectionStrings:messaging</c> = <c>amqp://user:pass@host:port/vhost</c>.</summary>
    public const string ConnectionStringName = "messaging";

    /// <summary>The health check name (tag <c>ready</c>) reporting the bus.</summary>
    public const string HealthCheckName = "messaging-bus";

    /// <summary>
    /// MassTransit on RabbitMQ (quorum queues, publisher confirms, kebab-case endpoints, short in-memory retry
    /// then <c>&lt;queue&gt;_error</c>), the transactional outbox and inbox on <typeparamref name="TDbContext"/>,
    /// the relay, metrics and the error-queue operator.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(this IHostApplicationBuilder builder, Action<IMessagingConfigurator> configure)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionStringName}' (amqp://user:pass@host:port/vhost) is missing.");
        var broker = BrokerAddress.Parse(connectionString);
        var section = builder.Configuration.GetSection(MessagingOptions.SectionName);
        var options = new MessagingOptions();
        section.Bind(options);

        var services = builder.Services;
        var contractAssemblies = new List<Assembly>();
        var instanceConsumers = new List<Action<IReceiveEndpointConfigurator, IRegistrationContext>>();
        var instanceQueue = InstanceQueueName(builder.Environment.ApplicationName);
        services.AddOptions<MessagingOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<MessagingMetrics>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddScoped<IMessagingDbContext, MessagingDbContext<TDbContext>>();
        services.TryAddSingleton(_ => new MessageContracts(contractAssemblies));
        services.TryAddScoped<IOutbox, EfOutbox>();
        services.TryAddScoped<IMessagingAuditSink, DbContextMessagingAuditSink>();
        services.TryAddSingleton(broker);
        services.TryAddSingleton(sp => new ErrorQueueOperator(ErrorQueueOperatorSettings.From(broker, options)));
        services.TryAddSingleton<OutboxRelayWorker>();
        services.AddHealthChecks();
        if (options.RelayEnabled)
        {
            services.AddHostedService<OutboxRelay>();
        }

        // MassTransit's own spans and metrics (publish, send, receive, consume) and the relay's, in the service's providers.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(MessagingTelemetry.MassTransitSource, MessagingTelemetry.ActivitySourceName));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(MessagingTelemetry.MassTransitMeter, MessagingTelemetry.MeterName));

        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            // The service starts (and stores events in its outbox) even while the broker is down.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });

        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.ConfigureHealthCheckOptions(h =>
            {
                h.Name = HealthCheckName;
                h.MinimalFailureStatus = HealthStatus.Unhealthy;
                h.Tags.Add("ready");
            });
            configure(new MessagingConfigurator(x, contractAssemblies, instanceConsumers));
            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                if (name == instanceQueue)
                {
                    return;
                }

                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }

                // Per endpoint, retry outside the inbox: each attempt is a fresh transaction and scope. An unreachable
                // database is waited out inside the inbox filter (MessagingOptions.TransientRetryIntervals).
                endpoint.UseMessageRetry(r => r.Intervals(options.EffectiveRetryIntervals));
                endpoint.UseConsumeFilter(typeof(InboxFilter<>), context);
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(broker.Host, broker.Port, broker.VirtualHost, h =>
                {
                    h.Username(broker.UserName);
                    h.Password(broker.Password);
                    h.PublisherConfirmation = true;
                });
                if (instanceConsumers.Count > 0)
                {
                    cfg.ReceiveEndpoint(instanceQueue, endpoint =>
                    {
                        endpoint.Durable = false;
                        endpoint.AutoDelete = true;
                        endpoint.UseMessageRetry(r => r.Intervals(options.EffectiveRetryIntervals));
                        foreach (var add in instanceConsumers)
                        {
                            add(endpoint, context);
                        }
                    });
                }

                cfg.ConfigureEndpoints(context);
            });
        });

        return builder;
    }

    /// <summary>A queue name of this process alone, e.g. <c>seomin-guarantee-api-instance-3f9c0a1b2c4d</c>.</summary>
    internal static string InstanceQueueName(string applicationName)
    {
        var service = new string([.. applicationName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return $"{(service.Length == 0 ? "service" : service)}-instance-{Guid.NewGuid():N}";
    }

    private sealed class MessagingConfigurator(
        IBusRegistrationConfigurator bus,
        List<Assembly> contractAssemblies,
        List<Action<IReceiveEndpointConfigurator, IRegistrationContext>> instanceConsumers) : IMessagingConfigurator
    {
        public IBusRegistrationConfigurator Bus { get; } = bus;

        public IMessagingConfigurator AddInstanceConsumer<TConsumer>() where TConsumer : class, IConsumer
        {
            Bus.AddConsumer<TConsumer>().ExcludeFromConfigureEndpoints();
            instanceConsumers.Add((endpoint, context) => endpoint.ConfigureConsumer<TConsumer>(context));
            return this;
        }

        public IMessagingConfigurator AddContracts(Assembly assembly)
        {
            ArgumentNullException.ThrowIfNull(assembly);
            contractAssemblies.Add(assembly);
            return this;
        }

        public IMessagingConfigurator AddConsumer<TConsumer>() where TConsumer : class, IConsumer
        {
            Bus.AddConsumer<TConsumer>();
            return this;
        }

        public IMessagingConfigurator AddConsumer<TConsumer, TDefinition>()
            where TConsumer : class, IConsumer
            where TDefinition : class, IConsumerDefinition<TConsumer>
        {
            Bus.AddConsumer<TConsumer, TDefinition>();
            return this;
        }
    }
}

/// <summary>The parts of <c>ConnectionStrings:messaging</c>.</summary>
public sealed record BrokerAddress(string Host, ushort Port, string VirtualHost, string UserName, string Password)
{
    /// <summary>Parses <c>amqp://user:pass@host:port/vhost</c> (vhost URL-encoded; empty means <c>/</c>).</summary>
    public static BrokerAddress Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw new InvalidOperationException("The messaging connection string must be an amqp:// URI.");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var user = userInfo.Length > 0 && userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "guest";
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest";
        var path = uri.AbsolutePath.TrimStart('/');
        var vhost = path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port;
        return new BrokerAddress(uri.Host, (ushort)port, vhost, user, password);
    }

    /// <summary>The amqp URI with the virtual host escaped.</summary>
    public Uri ToAmqpUri() =>
        new($"amqp://{Uri.EscapeDataString(UserName)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/{Uri.EscapeDataString(VirtualHost)}");

    /// <inheritdoc />
    public override string ToString() => $"amqp://{Host}:{Port}/{VirtualHost}";
}
