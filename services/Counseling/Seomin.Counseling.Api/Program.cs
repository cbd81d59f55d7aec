using Microsoft.EntityFrameworkCore;
using Seomin.Counseling.Api.Consumers;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Endpoints;
using Seomin.Counseling.Api.Features.Sla;
using Seomin.BusinessTime;
using Seomin.ServiceDefaults.Health;
using Seomin.ServiceDefaults.Messaging;
using Seomin.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPersonalDataProtection();

builder.Services.AddDbContext<CounselingDbContext>((services, options) => options
    .UseNpgsql(
        builder.Configuration.GetConnectionString("counselingdb")
            ?? throw new InvalidOperationException("Connection string 'counselingdb' is missing."),
        npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", CounselingDbContext.Schema))
    .UseFieldEncryption(services));
builder.Services.AddAuditTrail<CounselingDbContext>();

// Every message this service consumes, in one place.
builder.AddMessaging<CounselingDbContext>(m =>
{
    m.AddConsumer<GuaranteeTimelineConsumer>();
});

// Korean public holidays are data: the file shipped with the domain, or a newer one named in configuration.
builder.Services.AddSingleton(builder.Configuration["Counseling:HolidayFile"] is { Length: > 0 } holidayFile
    ? BusinessCalendar.LoadFile(holidayFile)
    : BusinessCalendar.Korean);
builder.Services.AddHealthChecks()
    .AddNpgsqlDatabase("counselingdb")
    .AddCheck<HolidayCalendarHealthCheck>("holiday-calendar");

builder.Services.AddOptions<VocSlaOptions>().Bind(builder.Configuration.GetSection(VocSlaOptions.SectionName));
builder.Services.AddScoped<VocSlaSweeper>();
builder.Services.AddHostedService<VocSlaMonitor>();

var app = builder.Build();

// Development (and hosts that ask for it, like the integration tests) migrate at start-up; production runs
// migrations as a separate step.
if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Counseling:MigrateAtStartup"))
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<CounselingDbContext>().Database.MigrateAsync();
}

app.MapDefaultEndpoints();
app.MapSessionEndpoints();
app.MapReservationEndpoints();
app.MapCompletionEndpoints();
app.MapVocEndpoints();
app.MapTimelineEndpoints();
app.MapStatisticsEndpoints();

await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
