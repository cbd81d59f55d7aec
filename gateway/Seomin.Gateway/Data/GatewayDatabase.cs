using Npgsql;

namespace Seomin.Gateway.Data;

/// <summary>The gateway's own PostgreSQL database (gatewaydb): clients, signing keys, partner application ownership.</summary>
public sealed class GatewayDatabase(NpgsqlDataSource dataSource)
{
    // Version 1 of the schema; later versions append statements guarded by the version table.
    private const string SchemaV1 = """
        CREATE TABLE IF NOT EXISTS gateway_schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS clients (
            client_id text PRIMARY KEY,
            display_name text NOT NULL,
            client_type text NOT NULL CHECK (client_type IN ('internal', 'partner')),
            secret_hash text NOT NULL,
            roles text[] NOT NULL DEFAULT '{}',
            scopes text[] NOT NULL DEFAULT '{}',
            partner_code text NULL,
            per_second_limit int NOT NULL CHECK (per_second_limit > 0),
            per_day_limit int NOT NULL CHECK (per_day_limit > 0),
            status text NOT NULL CHECK (status IN ('active', 'revoked')),
            created_at timestamptz NOT NULL,
            revoked_at timestamptz NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_clients_partner_code ON clients (partner_code) WHERE partner_code IS NOT NULL;
        CREATE TABLE IF NOT EXISTS signing_keys (
            kid text PRIMARY KEY,
            algorithm text NOT NULL,
            private_key bytea NOT NULL,
            created_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS partner_applications (
            application_id text PRIMARY KEY,
            partner_code text NOT NULL,
            client_id text NOT NULL,
            tran_id text NOT NULL,
            created_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_partner_applications_partner ON partner_applications (partner_code, created_at);
        INSERT INTO gateway_schema_version (version, applied_at) VALUES (1, now()) ON CONFLICT DO NOTHING;
        """;

    public NpgsqlDataSource DataSource => dataSource;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Several gateway replicas may start together; one applies the schema, the others wait.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(80080001)", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(SchemaV1, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
