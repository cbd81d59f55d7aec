using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.Subrogation.Api.Data;

namespace Seomin.Subrogation.Api.Features.Payment;

/// <summary>
/// FAKE bank payment network: the real one cannot exist on this machine. It behaves like a bank that deduplicates by
/// request key: its own table (schema <c>fake_bank</c>, committed on its own connection, as a bank's ledger is not part
/// of our transaction) keeps every executed transfer, and a repeated key returns the first confirmation. Account numbers
/// starting with <c>000</c> are refused, which lets tests and demos show a failed transfer.
/// </summary>
public sealed class FakeBankTransferNetwork(IServiceScopeFactory scopes, TimeProvider clock, ILogger<FakeBankTransferNetwork> logger) : IBankTransferPort
{
    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _ready;

    public async Task<TransferConfirmation> TransferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        if (request.Account.StartsWith("000", StringComparison.Ordinal))
        {
            throw new TransferFailedException("The receiving bank refused the account.", outcomeUnknown: false);
        }

        await using var scope = scopes.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<SubrogationDbContext>().Database.GetConnectionString();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await EnsureSchemaAsync(connection, cancellationToken);

        var reference = "FB" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        await using var insert = new NpgsqlCommand("""
            INSERT INTO fake_bank.transfers (idempotency_key, reference, bank_code, account, amount, executed_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (idempotency_key) DO NOTHING
            """, connection);
        insert.Parameters.AddWithValue(request.IdempotencyKey);
        insert.Parameters.AddWithValue(reference);
        insert.Parameters.AddWithValue(request.BankCode);
        insert.Parameters.AddWithValue(request.Account);
        insert.Parameters.AddWithValue(request.Amount);
        insert.Parameters.AddWithValue(clock.GetUtcNow());
        await insert.ExecuteNonQueryAsync(cancellationToken);

        await using var select = new NpgsqlCommand("SELECT reference, executed_at, amount FROM fake_bank.transfers WHERE idempotency_key = $1", connection);
        select.Parameters.AddWithValue(request.IdempotencyKey);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var confirmed = new TransferConfirmation(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1));
        if (reader.GetInt64(2) != request.Amount)
        {
            throw new TransferFailedException("The key was already used for another amount.", outcomeUnknown: false);
        }

        logger.LogInformation("Fake bank transfer {Reference} of {Amount} won executed", confirmed.Reference, request.Amount);
        return confirmed;
    }

    /// <summary>How many transfers the fake bank executed for a key (tests prove nothing is paid twice).</summary>
    public async Task<int> CountAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<SubrogationDbContext>().Database.GetConnectionString();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await EnsureSchemaAsync(connection, cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM fake_bank.transfers WHERE idempotency_key = $1", connection);
        count.Parameters.AddWithValue(idempotencyKey);
        return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _schema.WaitAsync(cancellationToken);
        try
        {
            await using var create = new NpgsqlCommand("""
                CREATE SCHEMA IF NOT EXISTS fake_bank;
                CREATE TABLE IF NOT EXISTS fake_bank.transfers (
                    idempotency_key text PRIMARY KEY, reference text NOT NULL, bank_code text NOT NULL,
                    account text NOT NULL, amount bigint NOT NULL, executed_at timestamptz NOT NULL)
                """, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            _ready = true;
        }
        finally
        {
            _schema.Release();
        }
    }
}
