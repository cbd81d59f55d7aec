using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Seomin.ServiceDefaults.Health;
using Seomin.Identity.Api.Features.Clients;
using Seomin.Identity.Api.Features.Keys;
using Seomin.Identity.Api.Features.People;

namespace Seomin.Identity.Api.Data;

public static class IdentityDatabase
{
    /// <summary>The edge tier's database; the token service keeps its tables in schema <c>identity</c>.</summary>
    public const string ConnectionName = "gatewaydb";

    public static IHostApplicationBuilder AddIdentityDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is missing.");
        builder.Services.AddDbContext<IdentityDbContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", IdentityDbContext.Schema))
            .UseOpenIddict());
        builder.Services.AddHealthChecks().AddNpgsqlDatabase(ConnectionName);
        return builder;
    }

    /// <summary>
    /// Migrates (Development, or Identity:MigrateAtStartup), makes sure the server keys exist and are loaded, registers
    /// the scopes and the staff sign-in client, and seeds the development clients and users (Development only).
    /// </summary>
    public static async Task InitializeIdentityDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Identity:MigrateAtStartup"))
        {
            await services.GetRequiredService<IdentityDbContext>().Database.MigrateAsync();
        }

        await services.GetRequiredService<ServerKeyStore>().EnsureKeysAsync(CancellationToken.None);
        await services.GetRequiredService<ServerKeyRing>().ReloadAsync(CancellationToken.None);
        await ScopeCatalog.RegisterAsync(services.GetRequiredService<IOpenIddictScopeManager>(), CancellationToken.None);
        await StaffClient.RegisterAsync(services.GetRequiredService<IOpenIddictApplicationManager>(), app.Configuration, CancellationToken.None);
        if (app.Environment.IsDevelopment())
        {
            await DevelopmentClients.SeedAsync(services.GetRequiredService<ClientRegistry>(), CancellationToken.None);
            await DevelopmentUsers.SeedAsync(services, CancellationToken.None);
        }
    }
}
