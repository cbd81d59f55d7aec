using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Seomin.LocalServers;

namespace Seomin.AppHost.Resources;

/// <summary>
/// A private PostgreSQL 15 cluster run from Debian's binaries through <see cref="PostgresLocalServer"/>'s wrapper
/// script (data under <c>&lt;data&gt;/postgres</c>). Services connect as the non-superuser role <c>seomin</c>.
/// </summary>
public sealed class PostgresServerResource(string name, ServerCommand command, ParameterResource password)
    : ExecutableResource(name, command.FileName, command.WorkingDirectory), IResourceWithConnectionString
{
    internal const string AppRole = "seomin";

    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The application role's connection string (no database: each database resource adds its own).</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={AppRole};Password={PasswordParameter}");

    /// <summary>The superuser over TCP (password set by initdb), for creating the role and the databases.</summary>
    internal ReferenceExpression AdminConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={PostgresLocalServer.SuperUser};Password={PasswordParameter};Database=postgres;Pooling=false");
}

/// <summary>A database on the local or external server; created when the server becomes healthy.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, IResourceWithConnectionString server)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public string DatabaseName { get; } = databaseName;

    public IResourceWithConnectionString Server { get; } = server;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Server.ConnectionStringExpression};Database={DatabaseName}");
}

internal static class PostgresResourceExtensions
{
    /// <summary>The local cluster, or the server of <c>ConnectionStrings:postgres</c> when one is configured.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, AppHostSettings settings)
    {
        if (settings.ExternalPostgres)
        {
            return builder.AddConnectionString(name);
        }

        var password = builder.AddParameter($"{name}-password", settings.Secret($"{name}-password"), secret: true);
        var command = PostgresLocalServer.Prepare(new PostgresServerSettings(Path.Combine(settings.DataDirectory, name)));
        var server = new PostgresServerResource(name, command, password.Resource);
        var healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async ct =>
            await CanOpenAsync(await server.AdminConnectionStringExpression.GetValueAsync(ct), ct));
        return builder.AddResource(server)
            .WithArgs([.. command.Arguments])
            .WithEnvironment(PostgresLocalServer.PasswordVariable, password)
            .WithEndpoint(name: "tcp", port: settings.Port("PostgreSQL", 15432), env: PostgresLocalServer.PortVariable)
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }

    /// <summary>
    /// A database with its own connection string: created (with the application role, on the local server) once the
    /// server is healthy, then shown as running; healthy when the application role can open it.
    /// </summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<IResourceWithConnectionString> server, string name)
    {
        var builder = server.ApplicationBuilder;
        var database = new PostgresDatabaseResource(name, name, server.Resource);
        var healthCheck = $"{name}-opens";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async ct =>
            await CanOpenAsync(await database.ConnectionStringExpression.GetValueAsync(ct), ct));

        if (server.Resource is PostgresServerResource local)
        {
            builder.Eventing.Subscribe<ResourceReadyEvent>(local, (e, ct) => CreateAsync(e.Services, database, local, ct));
        }
        else
        {
            // An external server is there already: create the database when the orchestrator initialises the resource.
            // (AfterResourcesCreatedEvent comes only once every resource has started, and the services wait for this.)
            builder.Eventing.Subscribe<InitializeResourceEvent>(database, (e, ct) =>
            {
                var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                _ = CreateOnExternalServerAsync(e.Services, database, stopping);
                return Task.CompletedTask;
            });
        }

        return builder.AddResource(database)
            .WithParentRelationship(server.Resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", name)],
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("DatabaseStack");
    }

    private static async Task CreateOnExternalServerAsync(IServiceProvider services, PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        try
        {
            await CreateAsync(services, database, null, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            // The server never answered: the dashboard shows the database (and whatever waits for it) as failed.
            services.GetRequiredService<ResourceLoggerService>().GetLogger(database)
                .LogError("The external server did not create database {Database}: {Reason}", database.DatabaseName, ex.Message);
            await services.GetRequiredService<ResourceNotificationService>()
                .PublishUpdateAsync(database, s => s with { State = KnownResourceStates.FailedToStart });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    private static async Task CreateAsync(IServiceProvider services, PostgresDatabaseResource database, PostgresServerResource? local, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(database);
        var adminConnectionString = local is not null
            ? await local.AdminConnectionStringExpression.GetValueAsync(cancellationToken)
            : await database.Server.ConnectionStringExpression.GetValueAsync(cancellationToken);
        var password = local is not null ? await local.PasswordParameter.GetValueAsync(cancellationToken) : null;
        // A restarted server breaks pooled connections once; an external one may still be starting: retry a while.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnsureDatabaseAsync(adminConnectionString!, database.DatabaseName, password, logger, cancellationToken);
                break;
            }
            catch (NpgsqlException ex) when (attempt < 30 && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("Waiting for the server to create database {Database}: {Reason}", database.DatabaseName, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        await notifications.PublishUpdateAsync(database, s => s with
        {
            State = KnownResourceStates.Running,
            StartTimeStamp = s.StartTimeStamp ?? DateTime.UtcNow,
        });
    }

    private static async Task EnsureDatabaseAsync(string adminConnectionString, string databaseName, string? appPassword, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (appPassword is not null)
        {
            // The role's password follows the persisted secret; the role is no superuser (tests rely on revokes holding).
            var roleExists = await ScalarAsync(connection, "SELECT 1 FROM pg_roles WHERE rolname = @name", PostgresServerResource.AppRole, cancellationToken) is not null;
            var verb = roleExists ? "ALTER" : "CREATE";
            await ExecuteAsync(connection, $"{verb} ROLE {PostgresServerResource.AppRole} LOGIN CREATEDB PASSWORD '{appPassword}'", cancellationToken);
        }

        if (await ScalarAsync(connection, "SELECT 1 FROM pg_database WHERE datname = @name", databaseName, cancellationToken) is not null)
        {
            return;
        }

        try
        {
            var owner = appPassword is null ? string.Empty : $" OWNER {PostgresServerResource.AppRole}";
            await ExecuteAsync(connection, $"CREATE DATABASE \"{databaseName}\"{owner}", cancellationToken);
            logger.LogInformation("Created database {Database}", databaseName);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase)
        {
            // Created concurrently by another database resource's subscription.
        }
        catch (PostgresException ex) when (appPassword is null && ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            logger.LogWarning("Cannot create database {Database} on the external server: {Reason}", databaseName, ex.MessageText);
        }
    }

    private static async Task<HealthCheckResult> CanOpenAsync(string? connectionString, CancellationToken cancellationToken)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
