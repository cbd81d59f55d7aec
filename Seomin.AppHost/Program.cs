using Seomin.AppHost;
using Seomin.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres(ResourceNames.Postgres);
var guaranteeDb = postgres.AddDatabase(ResourceNames.GuaranteeDb);
postgres.AddDatabase(ResourceNames.SubrogationDb);
postgres.AddDatabase(ResourceNames.ContributionsDb);
postgres.AddDatabase(ResourceNames.DormantDb);
var counselingDb = postgres.AddDatabase(ResourceNames.CounselingDb);
var gatewayDb = postgres.AddDatabase(ResourceNames.GatewayDb);

var messaging = builder.AddRabbitMQ(ResourceNames.Messaging);

var guarantee = builder.AddProject(ResourceNames.Guarantee, "../services/Guarantee/Seomin.Guarantee.Api/Seomin.Guarantee.Api.csproj")
    .WithReference(guaranteeDb)
    .WithReference(messaging)
    .WaitFor(guaranteeDb)
    .WaitFor(messaging)
    .WithHttpHealthCheck("/health");

var counseling = builder.AddProject(ResourceNames.Counseling, "../services/Counseling/Seomin.Counseling.Api/Seomin.Counseling.Api.csproj")
    .WithReference(counselingDb)
    .WithReference(messaging)
    .WaitFor(counselingDb)
    .WaitFor(messaging)
    .WithHttpHealthCheck("/health");

builder.AddProject(ResourceNames.Gateway, "../gateway/Seomin.Gateway/Seomin.Gateway.csproj")
    .WithReference(gatewayDb)
    .WithReference(guarantee)
    .WithReference(counseling)
    .WaitFor(gatewayDb)
    .WaitFor(guarantee)
    .WaitFor(counseling)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
