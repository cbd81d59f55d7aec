using Seomin.Access;
using Seomin.Guarantee.Api;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGuaranteeServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapProductEndpoints();
app.MapApplicationEndpoints();
app.MapReportEndpoints();
app.MapGuaranteeEndpoints();
app.MapAuditTrailEndpoints();
app.MapMessagingOperatorEndpoints().RequireRoles(GuaranteeAccess.Operators);

await app.InitializeGuaranteeDatabaseAsync();
await app.RunAsync();

public partial class Program;
