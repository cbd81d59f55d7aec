using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Consumers;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Api.Jobs;
using Seomin.ServiceDefaults.Messaging;
using Seomin.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPersonalDataProtection();
builder.AddGuaranteeDatabase();
builder.AddMessaging<GuaranteeDbContext>(m =>
{
    m.AddConsumer<PreApplicationCounselingCompletedConsumer>();
    m.AddConsumer<FinancialEducationCompletedConsumer>();
    m.AddConsumer<GuaranteeFundBalanceChangedConsumer>();
});

builder.Services.AddOptions<GuaranteeOptions>().Bind(builder.Configuration.GetSection(GuaranteeOptions.SectionName));
builder.Services.AddSingleton<BusinessClock>();
builder.Services.AddSingleton<ProductCache>();
builder.Services.AddHostedService<CapacitySync>();
builder.Services.AddScoped<GuaranteeEvents>();
builder.Services.AddScoped<GuaranteeApprover>();
builder.Services.AddSingleton<LapseJob>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<LapseJob>());

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProductEndpoints();
app.MapApplicationEndpoints();
app.MapReportEndpoints();
app.MapGuaranteeEndpoints();
app.MapMessagingOperatorEndpoints();

await app.InitializeGuaranteeDatabaseAsync();
await app.RunAsync();

public partial class Program;
