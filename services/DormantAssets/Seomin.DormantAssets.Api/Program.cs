using Seomin.DormantAssets.Api;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Api.Endpoints;
using Seomin.DormantAssets.Api.Features.Reconciliation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDormantAssetsServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapTransferEndpoints();
app.MapOwnerEndpoints();
app.MapPartnerEndpoints();
app.MapClaimEndpoints();
app.MapControlEndpoints();
app.MapDevelopmentEndpoints();
app.MapControlTotalsEndpoint();

await app.InitializeDormantAssetsDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
