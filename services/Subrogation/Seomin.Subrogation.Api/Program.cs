using Seomin.Subrogation.Api;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Api.Endpoints;
using Seomin.Subrogation.Api.Features.Reconciliation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSubrogationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGuaranteeCoverEndpoints();
app.MapClaimEndpoints();
app.MapRecourseEndpoints();
app.MapReportEndpoints();
app.MapLegalEndpoints();
app.MapDebtorEndpoints();
app.MapCertificateEndpoints();
app.MapOperationsEndpoints();
app.MapControlTotalsEndpoint();

await app.InitializeSubrogationDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
