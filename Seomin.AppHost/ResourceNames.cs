using Seomin.AppHost.Operations;
using Seomin.AppHost.Resources;
using Seomin.Messaging;

namespace Seomin.AppHost;

/// <summary>Names of the resources in the Seomin application model, shared by the AppHost and the tests.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string GuaranteeDb = "guaranteedb";
    public const string SubrogationDb = "subrogationdb";
    public const string ContributionsDb = "contributionsdb";
    public const string DormantDb = "dormantdb";
    public const string CounselingDb = "counselingdb";
    public const string GatewayDb = "gatewaydb";
    public const string Quotas = "quotas";
    public const string Messaging = "messaging";
    public const string MessagingEpmd = "messaging-epmd";
    public const string Identity = "identity";
    public const string Guarantee = "guarantee";
    public const string Counseling = "counseling";
    public const string Subrogation = "subrogation";
    public const string Contributions = "contributions";
    public const string DormantAssets = "dormant-assets";
    public const string Gateway = "gateway";

    /// <summary>The management API the services' operator endpoints and the AppHost's commands use.</summary>
    internal static object ManagementUri(IResourceWithConnectionString messaging, IConfiguration configuration) =>
        messaging is RabbitMqServerResource local
            ? local.ManagementEndpoint
            : configuration["Messaging:ManagementUri"] ?? string.Empty;

    internal static async Task<BrokerEndpoint> BrokerEndpointAsync(IResourceWithConnectionString messaging, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var connectionString = await messaging.ConnectionStringExpression.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException("The messaging resource has no connection string yet.");
        var broker = BrokerAddress.Parse(connectionString);
        var management = messaging is RabbitMqServerResource local
            ? new Uri(local.ManagementEndpoint.Url)
            : new Uri(configuration["Messaging:ManagementUri"] ?? $"http://{broker.Host}:15672/");
        return new BrokerEndpoint(broker, management);
    }
}
