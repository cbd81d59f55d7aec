using Seomin.Guarantee.Api;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Api.Features.Reconciliation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGuaranteeServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProductEndpoints();
app.MapApplicationEndpoints();
app.MapReportEndpoints();
app.MapGuaranteeEndpoints();
app.MapSelfServiceEndpoints();
app.MapSettlementEndpoints();
app.MapAuditTrailEndpoints();
app.MapOperatorEndpoints();
app.MapControlTotalsEndpoint();

await app.InitializeGuaranteeDatabaseAsync();
await app.RunAsync();

public partial class Program;
