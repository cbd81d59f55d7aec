using Seomin.Contributions.Api;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Endpoints;
using Seomin.Contributions.Api.Features.Reconciliation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddContributionsServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInstitutionEndpoints();
app.MapFilingEndpoints();
app.MapAssessmentEndpoints();
app.MapPaymentEndpoints();
app.MapFundEndpoints();
app.MapReportEndpoints();
app.MapReconciliation();

await app.InitializeContributionsDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
