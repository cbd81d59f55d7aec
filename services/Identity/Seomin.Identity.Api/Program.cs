using Seomin.Identity.Api;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIdentityServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseTokenServicePipeline();
app.MapConnectEndpoints();
app.MapAccountEndpoints();
app.MapAdminEndpoints();
app.MapRevocationEndpoints();

await app.InitializeIdentityDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
