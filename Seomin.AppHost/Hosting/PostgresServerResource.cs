using System.Diagnostics;
using Npgsql;

namespace Seomin.AppHost.Hosting;

/// <summary>
/// A private PostgreSQL 15 server run from Debian's binaries, data under <c>&lt;data&gt;/postgres</c>, or an external
/// server when <c>ConnectionStrings:postgres</c> is configured (Aspire's <c>AddConnectionString</c> behaviour).
/// </summary>
public sealed class PostgresServerResource(string name) : Resource(name), IResourceWithConnectionString
{
    internal const string AppRole = "seomin";
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string ServerUser = "postgres";
    private string? _connectionString;
    private string? _adminConnectionString;

    public override string Type => "PostgresServer";

    public string? ConnectionString => _connectionString;

    /// <summary>True when the AppHost was given a connection string and starts no server.</summary>
    public bool IsExternal { get; private set; }

    internal List<PostgresDatabaseResource> Databases { get; } = [];

    internal int Port { get; private set; }

    internal override IReadOnlyList<int> GetListenPorts(ResourceContext context) => IsExternal ? [] : [Port];

    internal override IReadOnlyList<ResourceEndpoint> GetEndpoints(ResourceContext context)
    {
        if (_connectionString is null)
        {
            return [];
        }

        var b = new NpgsqlConnectionStringBuilder(_connectionString);
        return [new ResourceEndpoint("tcp", $"tcp://{b.Host}:{b.Port}")];
    }

    internal override IReadOnlyDictionary<string, string> GetEnvironment(ResourceContext context) =>
        IsExternal || _connectionString is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string>
            {
                ["PGDATA"] = DataDirectory(context),
                ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["POSTGRES_USER"] = AppRole,
                ["POSTGRES_PASSWORD"] = context.GetOrCreatePassword(Name),
            };

    internal override async Task PrepareAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var external = context.Options.Configuration[$"ConnectionStrings:{Name}"];
        if (!string.IsNullOrWhiteSpace(external))
        {
            IsExternal = true;
            _adminConnectionString = external;
            _connectionString = external;
            return;
        }

        Port = context.Options.GetPort(Name, 15432);
        var password = context.GetOrCreatePassword(Name);
        _connectionString = $"Host=127.0.0.1;Port={Port};Username={AppRole};Password={password}";
        _adminConnectionString = $"Host={Root(context)};Port={Port};Username={ServerUser};Database=postgres;Pooling=false";

        var root = Root(context);
        var data = DataDirectory(context);
        await context.EnsureOwnedDirectoryAsync(root, ServerUser, cancellationToken);
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            context.Output("stdout", "initdb: creating a new cluster in " + data);
            var (code, text) = await ProcessRunner.RunAsync(
                Path.Combine(BinDirectory, "initdb"),
                ["-D", data, "-U", ServerUser, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
                TimeSpan.FromMinutes(2),
                cancellationToken,
                runAsUser: ServerUser,
                workingDirectory: root);
            if (code != 0)
            {
                throw new InvalidOperationException($"initdb failed for resource '{Name}': {text}");
            }
        }
    }

    internal override async Task<ChildProcess?> StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            await EnsureDatabasesAsync(context, cancellationToken);
            return null;
        }

        var root = Root(context);
        var process = ChildProcess.Start(
            new ChildProcessSpec(
                Path.Combine(BinDirectory, "postgres"),
                ["-D", DataDirectory(context), "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", root,
                    "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "password_encryption=scram-sha-256"],
                root,
                new Dictionary<string, string?>(),
                RunAsUser: ServerUser,
                StopSignal: NativeMethods.SigInt),
            context.Output);

        var wait = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.Exited.IsCompleted)
            {
                throw new InvalidOperationException($"PostgreSQL for resource '{Name}' exited during start-up with code {process.Exited.Result}; see its console log.");
            }

            try
            {
                await EnsureDatabasesAsync(context, cancellationToken);
                return process;
            }
            catch (NpgsqlException) when (wait.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    internal override async Task<bool> CheckHealthAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (_connectionString is null)
        {
            return false;
        }

        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false, Timeout = 3 };
        builder.Database ??= "postgres";
        return await CanQueryAsync(builder.ConnectionString, cancellationToken);
    }

    internal static async Task<bool> CanQueryAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Creates the application role (local server) and every database that does not exist yet.</summary>
    private async Task EnsureDatabasesAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (!IsExternal)
        {
            var password = context.GetOrCreatePassword(Name);
            var exists = await ScalarAsync(connection, $"SELECT 1 FROM pg_roles WHERE rolname = '{AppRole}'", cancellationToken);
            var verb = exists is null ? "CREATE" : "ALTER";
            await ExecuteAsync(connection, $"{verb} ROLE {AppRole} LOGIN CREATEDB PASSWORD '{password}'", cancellationToken);
        }

        foreach (var database in Databases)
        {
            var exists = await ScalarAsync(connection, $"SELECT 1 FROM pg_database WHERE datname = '{database.DatabaseName}'", cancellationToken);
            if (exists is not null)
            {
                continue;
            }

            try
            {
                var owner = IsExternal ? string.Empty : $" OWNER {AppRole}";
                await ExecuteAsync(connection, $"CREATE DATABASE \"{database.DatabaseName}\"{owner}", cancellationToken);
                context.Output("stdout", $"created database {database.DatabaseName}");
            }
            catch (PostgresException ex) when (IsExternal && ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                context.Output("stderr", $"cannot create database {database.DatabaseName} on the external server: {ex.MessageText}");
            }
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string Root(ResourceContext context) => Path.Combine(context.Options.DataDirectory, Name);

    private string DataDirectory(ResourceContext context) => Path.Combine(Root(context), "data");
}

/// <summary>A database on a <see cref="PostgresServerResource"/>, created on the server's first start.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString
{
    public override string Type => "PostgresDatabase";

    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = server;

    public string? ConnectionString =>
        Server.ConnectionString is null
            ? null
            : new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = DatabaseName }.ConnectionString;

    internal override IReadOnlyList<ResourceEndpoint> GetEndpoints(ResourceContext context) => Server.GetEndpoints(context);

    internal override Task<ChildProcess?> StartAsync(ResourceContext context, CancellationToken cancellationToken) =>
        Task.FromResult<ChildProcess?>(null);

    internal override async Task<bool> CheckHealthAsync(ResourceContext context, CancellationToken cancellationToken) =>
        ConnectionString is not null &&
        await PostgresServerResource.CanQueryAsync(
            new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 3 }.ConnectionString, cancellationToken);
}
