using Seomin.AppHost;
using Seomin.AppHost.Operations;
using Seomin.AppHost.Resources;

var builder = DistributedApplication.CreateBuilder(args);
try
{
    BuildGraph(builder);
}
catch (StartupCheckException ex)
{
    // A missing Debian package, an unwritable data folder or a taken port: one line, no stack trace.
    Console.Error.WriteLine($"Seomin.AppHost: {ex.Message}");
    return 1;
}

builder.Build().Run();
return 0;

static void BuildGraph(IDistributedApplicationBuilder builder)
{
    var settings = AppHostSettings.Load(builder.Configuration, builder.AppHostDirectory);
    builder.Services.AddHostedService<RestartPolicy>();
    if (builder.Configuration.GetValue("Seomin:StartupTimeline", false))
    {
        builder.AddStartupTimeline();
    }

    var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, settings).WithRestartOnCrash();
    var guaranteeDb = postgres.AddDatabase(ResourceNames.GuaranteeDb);
    var subrogationDb = postgres.AddDatabase(ResourceNames.SubrogationDb);
    var contributionsDb = postgres.AddDatabase(ResourceNames.ContributionsDb);
    var dormantDb = postgres.AddDatabase(ResourceNames.DormantDb);
    var counselingDb = postgres.AddDatabase(ResourceNames.CounselingDb);
    var gatewayDb = postgres.AddDatabase(ResourceNames.GatewayDb);

    var messaging = builder.AddLocalRabbitMq(ResourceNames.Messaging, settings).WithRestartOnCrash();
    messaging.WithErrorQueueCommands(ct => ResourceNames.BrokerEndpointAsync(messaging.Resource, builder.Configuration, ct), settings.DataDirectory);
    var management = ResourceNames.ManagementUri(messaging.Resource, builder.Configuration);

    // Start-up order (docs/benchmarks/apphost.md): a service waits only for its database (it migrates at start), not
    // for the broker: its bus connects when RabbitMQ is up (MassTransit retries; events wait in the outbox) and its
    // /health stays unhealthy until then. The gateway waits for no service: it answers 503 for a destination that is
    // not up yet, as for one that is stopped. Everything that can start at once does, and "all healthy" comes sooner.
    //
    // The token service (issue 13) keeps its tables in gatewaydb and publishes revocation and key notices through its
    // outbox. Every service and the gateway validate tokens themselves against its metadata, found by service
    // discovery (http://identity), with the public gateway URL as the issuer; none waits for it: keys are fetched
    // on the first request that needs them, and a service that starts first simply retries.
    var identity = builder.AddProject<Projects.Seomin_Identity_Api>(ResourceNames.Identity)
        .AsSeominService(settings, management, servicePort: 5100)
        .WithEnvironment("Identity__Issuer", AppHostSettings.Issuer)
        .WithReference(gatewayDb).WaitFor(gatewayDb)
        .WithReference(messaging);

    var guarantee = builder.AddProject<Projects.Seomin_Guarantee_Api>(ResourceNames.Guarantee)
        .AsSeominService(settings, management, servicePort: 5101)
        .WithTokenService(identity)
        .WithReference(guaranteeDb).WaitFor(guaranteeDb)
        .WithReference(messaging);

    var counseling = builder.AddProject<Projects.Seomin_Counseling_Api>(ResourceNames.Counseling)
        .AsSeominService(settings, management, servicePort: 5105)
        .WithTokenService(identity)
        .WithReference(counselingDb).WaitFor(counselingDb)
        .WithReference(messaging);

    var subrogation = builder.AddProject<Projects.Seomin_Subrogation_Api>(ResourceNames.Subrogation)
        .AsSeominService(settings, management, servicePort: 5102)
        .WithTokenService(identity)
        .WithReference(subrogationDb).WaitFor(subrogationDb)
        .WithReference(messaging);

    var contributions = builder.AddProject<Projects.Seomin_Contributions_Api>(ResourceNames.Contributions)
        .AsSeominService(settings, management, servicePort: 5103)
        .WithTokenService(identity)
        .WithReference(contributionsDb).WaitFor(contributionsDb)
        .WithReference(messaging);

    var dormantAssets = builder.AddProject<Projects.Seomin_DormantAssets_Api>(ResourceNames.DormantAssets)
        .AsSeominService(settings, management, servicePort: 5104)
        .WithTokenService(identity)
        .WithReference(dormantDb).WaitFor(dormantDb)
        .WithReference(messaging);

    // Reconciliation (docs/adr/0022) runs in contributions: it reads the other services' control totals by service
    // discovery, its own through its endpoint, with the dev-auditor client's token (Development's public secret).
    contributions
        .WithReference(guarantee)
        .WithReference(subrogation)
        .WithReference(dormantAssets)
        .WithEnvironment("Reconciliation__Services__contributions", contributions.GetEndpoint("http"))
        .WithEnvironment("Reconciliation__ClientId", "dev-auditor")
        .WithEnvironment("Reconciliation__ClientSecret", "dev-auditor-secret")
        .WithEnvironment("Reconciliation__SettleWindow", "00:00:15");

    // The gateway's quota counters, shared by its replicas (docs/adr/0015-gateway-edge-and-shared-quotas.md).
    var quotas = builder.AddLocalRedis(ResourceNames.Quotas, settings).WithRestartOnCrash();

    // The gateway keeps http://127.0.0.1:8080 (its launch profile); it finds the services and the token service by
    // service discovery. Two replicas behind that one port: DCP's proxy listens on 8080 and spreads connections over
    // the replicas' own random ports, so quotas must hold across them (they count in Redis).
    builder.AddProject<Projects.Seomin_Gateway>(ResourceNames.Gateway, launchProfileName: "http")
        .AsSeominService(settings, management)
        .WithTokenService(identity)
        .WithReference(quotas).WaitFor(quotas)
        .WithReference(guarantee)
        .WithReference(counseling)
        .WithReference(subrogation)
        .WithReference(contributions)
        .WithReference(dormantAssets)
        .WithReplicas(AppHostSettings.GatewayReplicas)
        .WithExternalHttpEndpoints();
}
