using Seomin.Counseling.Api;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCounselingServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSessionEndpoints();
app.MapReservationEndpoints();
app.MapCompletionEndpoints();
app.MapVocEndpoints();
app.MapTimelineEndpoints();
app.MapStatisticsEndpoints();

await app.InitializeCounselingDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
