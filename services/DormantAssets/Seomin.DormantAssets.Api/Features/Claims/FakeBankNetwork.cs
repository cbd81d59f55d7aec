using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.DormantAssets.Api.Data;

namespace Seomin.DormantAssets.Api.Features.Claims;

/// <summary>
/// FAKE bank network: the real one cannot exist on this machine. Its own tables (schema <c>fake_bank</c> of this
/// service's database, committed on their own connection, as a bank's ledger is not part of our transaction) hold the
/// accounts it knows (opened by tests and the Development endpoint) and every executed transfer; a repeated key returns
/// the first confirmation. Accounts starting with <c>000</c> are refused, which shows a failed transfer.
/// </summary>
public sealed partial class FakeBankNetwork(IServiceScopeFactory scopes, TimeProvider clock, ILogger<FakeBankNetwork> logger) : IBankTransferPort
{
    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _ready;

    /// <summary>Opens (or renames) an account at the fake bank.</summary>
    public async Task OpenAccountAsync(string bankCode, string account, string holderName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO fake_bank.accounts (bank_code, account, holder_name) VALUES ($1, $2, $3)
            ON CONFLICT (bank_code, account) DO UPDATE SET holder_name = excluded.holder_name
            """, connection);
        upsert.Parameters.AddWithValue(bankCode);
        upsert.Parameters.AddWithValue(account);
        upsert.Parameters.AddWithValue(holderName);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> HolderNameAsync(string bankCode, string account, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand("SELECT holder_name FROM fake_bank.accounts WHERE bank_code = $1 AND account = $2", connection);
        select.Parameters.AddWithValue(bankCode);
        select.Parameters.AddWithValue(account);
        return await select.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<TransferConfirmation> TransferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        if (request.Account.StartsWith("000", StringComparison.Ordinal))
        {
            throw new TransferFailedException("The receiving bank refused the account.", outcomeUnknown: false);
        }

        await using var connection = await OpenAsync(cancellationToken);
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

        LogTransferred(logger, confirmed.Reference, request.Amount);
        return confirmed;
    }

    /// <summary>How many transfers the fake bank executed for a key, and their total (tests prove nothing is paid twice).</summary>
    public async Task<(int Count, long Amount)> TransfersAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*), coalesce(sum(amount), 0)::bigint FROM fake_bank.transfers WHERE idempotency_key = $1", connection);
        count.Parameters.AddWithValue(idempotencyKey);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<DormantAssetsDbContext>().Database.GetConnectionString();
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await EnsureSchemaAsync(connection, cancellationToken);
        return connection;
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
                CREATE TABLE IF NOT EXISTS fake_bank.accounts (
                    bank_code text NOT NULL, account text NOT NULL, holder_name text NOT NULL, PRIMARY KEY (bank_code, account));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Fake bank transfer {Reference} of {Amount} won executed")]
    private static partial void LogTransferred(ILogger logger, string reference, long amount);
}
