using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Seomin.ServiceDefaults.Health;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.ServiceDefaults.Tests;

public enum ThingKind
{
    Small,
    Large,
}

public sealed record CreateThing(string Name, long AmountWon, ThingKind Kind);

/// <summary>A minimal service that uses ServiceDefaults, on Kestrel with a real PostgreSQL database.</summary>
internal sealed class MinimalServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MinimalServiceHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string ConnectionString { get; private init; } = "";

    public static async Task<MinimalServiceHost> StartAsync(
        string connectionString, IDictionary<string, string?>? settings = null, string environment = "Production", Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ApplicationName = "seomin-minimal" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:minimaldb"] = connectionString });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddNpgsqlDatabase("minimaldb");
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapPost("/things", async (CreateThing thing) =>
        {
            if (string.IsNullOrWhiteSpace(thing.Name))
            {
                throw new DomainValidationException("name", "Name is required.");
            }

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("INSERT INTO things (name, amount) VALUES (@n, @a)", connection);
            command.Parameters.AddWithValue("n", thing.Name);
            command.Parameters.AddWithValue("a", thing.AmountWon);
            await command.ExecuteNonQueryAsync();
            return TypedResults.Created("/things/1", thing);
        });
        app.MapGet("/things/{id:int}", IResult (int id, ILogger<MinimalServiceHost> logger) =>
        {
            logger.LogInformation("Looking up thing {ThingId}", id);
            throw new NotFoundException($"Thing {id} does not exist.");
        });
        app.MapPost("/things/{id:int}/approve", IResult (int id) => throw new ConflictException($"Thing {id} is already approved."));
        app.MapPost("/things/{id:int}/rule", IResult (int id) => throw new BusinessRuleException("ThingAmountMustNotExceedLimit", "The amount exceeds the limit."));
        app.MapPut("/things/{id:int}", IResult (int id) => throw new DbUpdateConcurrencyException("row version mismatch for thing"));
        app.MapGet("/lookup", IResult (string value, ILogger<MinimalServiceHost> logger) =>
        {
            System.Diagnostics.Activity.Current?.SetTag("seomin.lookup", "value " + value);
            logger.LogInformation("Looked up {LookupValue}", value);
            return TypedResults.NoContent();
        });
        app.MapPost("/things/elsewhere", async () =>
        {
            // A database that is down: nothing listens on the discard port, so the connection is refused.
            await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=9;Database=down;Username=seomin;Password=unused;Timeout=2");
            await connection.OpenAsync();
            return TypedResults.NoContent();
        });
        app.MapGet("/boom", IResult () => throw new InvalidOperationException("internal secret: connection to 10.0.0.5 failed"));

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS things (id serial PRIMARY KEY, name text NOT NULL, amount bigint NOT NULL)", connection);
            await command.ExecuteNonQueryAsync();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new MinimalServiceHost(app, new Uri(address)) { ConnectionString = connectionString };
    }

    public async Task<long> CountThingsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM things", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
