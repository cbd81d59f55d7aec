using Npgsql;
using NpgsqlTypes;

namespace Seomin.Gateway.Clients;

/// <summary>Clients in gatewaydb. Secrets are stored only as PBKDF2 hashes.</summary>
public sealed class ClientStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    private const string Columns =
        "client_id, display_name, client_type, roles, scopes, partner_code, per_second_limit, per_day_limit, status, created_at, revoked_at";

    public async Task<ClientRecord?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM clients WHERE client_id = $1");
        command.Parameters.AddWithValue(clientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<(ClientRecord Client, string SecretHash)?> FindWithSecretAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns}, secret_hash FROM clients WHERE client_id = $1");
        command.Parameters.AddWithValue(clientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (Read(reader), reader.GetString(11)) : null;
    }

    public async Task<IReadOnlyList<ClientRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM clients ORDER BY client_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var clients = new List<ClientRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            clients.Add(Read(reader));
        }

        return clients;
    }

    /// <summary>Inserts the client; false when the id or the partner code is already taken.</summary>
    public async Task<bool> TryCreateAsync(ClientRecord client, string secret, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO clients (client_id, display_name, client_type, secret_hash, roles, scopes, partner_code,
                                 per_second_limit, per_day_limit, status, created_at, revoked_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue(client.ClientId);
        command.Parameters.AddWithValue(client.DisplayName);
        command.Parameters.AddWithValue(ToDb(client.Type));
        command.Parameters.AddWithValue(ClientSecretHasher.Hash(secret));
        command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, client.Roles.ToArray());
        command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, client.Scopes.ToArray());
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)client.PartnerCode ?? DBNull.Value);
        command.Parameters.AddWithValue(client.PerSecondLimit);
        command.Parameters.AddWithValue(client.PerDayLimit);
        command.Parameters.AddWithValue("active");
        command.Parameters.AddWithValue(timeProvider.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RevokeAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE clients SET status = 'revoked', revoked_at = $2 WHERE client_id = $1 AND status = 'active'");
        command.Parameters.AddWithValue(clientId);
        command.Parameters.AddWithValue(timeProvider.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> ReinstateAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE clients SET status = 'active', revoked_at = NULL WHERE client_id = $1 AND status = 'revoked'");
        command.Parameters.AddWithValue(clientId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> SetSecretAsync(string clientId, string secret, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE clients SET secret_hash = $2 WHERE client_id = $1");
        command.Parameters.AddWithValue(clientId);
        command.Parameters.AddWithValue(ClientSecretHasher.Hash(secret));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> SetQuotasAsync(string clientId, int perSecond, int perDay, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE clients SET per_second_limit = $2, per_day_limit = $3 WHERE client_id = $1");
        command.Parameters.AddWithValue(clientId);
        command.Parameters.AddWithValue(perSecond);
        command.Parameters.AddWithValue(perDay);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static ClientRecord Read(NpgsqlDataReader reader) => new(
        ClientId: reader.GetString(0),
        DisplayName: reader.GetString(1),
        Type: reader.GetString(2) == "partner" ? ClientType.Partner : ClientType.Internal,
        Roles: reader.GetFieldValue<string[]>(3),
        Scopes: reader.GetFieldValue<string[]>(4),
        PartnerCode: reader.IsDBNull(5) ? null : reader.GetString(5),
        PerSecondLimit: reader.GetInt32(6),
        PerDayLimit: reader.GetInt32(7),
        Status: reader.GetString(8) == "active" ? ClientStatus.Active : ClientStatus.Revoked,
        CreatedAt: reader.GetFieldValue<DateTimeOffset>(9),
        RevokedAt: reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10));

    private static string ToDb(ClientType type) => type == ClientType.Partner ? "partner" : "internal";
}
