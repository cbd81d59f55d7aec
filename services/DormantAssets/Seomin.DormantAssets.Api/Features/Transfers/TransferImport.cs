using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Seomin.BusinessTime;
using Seomin.Contracts.DormantAssets;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Domain;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.Messaging;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;

namespace Seomin.DormantAssets.Api.Features.Transfers;

/// <summary>Who sends the batch and under which reference.</summary>
public sealed record BatchHeader(string InstitutionCode, string InstitutionName, InstitutionSector Sector, string BatchReference, string SubmittedBy);

/// <summary>
/// Imports a transfer batch (출연): every line is validated, encrypted and streamed with binary COPY into a temporary
/// staging table, then moved into <c>dormant.assets</c> by set-based SQL that also rejects accounts already
/// transferred. The whole batch is one transaction: a crash rolls it back (nothing half-imported), and a batch is never
/// imported twice (unique institution + reference, unique institution + content hash).
/// </summary>
public sealed partial class TransferImport(
    DormantAssetsDbContext db, IFieldCipher cipher, IBlindIndex blindIndex, ICustomerIdFactory customerIds,
    IOutbox outbox, IAuditTrail audit, TimeProvider clock, ILogger<TransferImport> logger)
{
    public const string BatchAlreadyImported = "BatchAlreadyImported";

    // Lines prepared together: large enough to spread over the cores, small enough that memory stays flat.
    private const int ChunkSize = 4096;
    private const int ParallelThreshold = 256;

    public async Task<TransferBatch> ImportAsync(BatchHeader header, IAsyncEnumerable<RawLine> lines, CancellationToken cancellationToken)
    {
        if (await db.Batches.AnyAsync(b => b.InstitutionCode == header.InstitutionCode && b.BatchReference == header.BatchReference, cancellationToken))
        {
            throw Duplicate("reference");
        }

        var batchId = Guid.CreateVersion7();
        var transferredOn = BusinessClock.SeoulDate(clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        await ExecuteAsync(connection, """
            CREATE TEMP TABLE import_staging (
                line_number int NOT NULL, id uuid, customer_id text, rrn text, rrn_index text, owner_name text, address text,
                account_number text, account_index text, asset_type text, amount bigint, limitation_completed_on date,
                rejection_code text, rejection_reason text) ON COMMIT DROP
            """, cancellationToken);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var total = 0;
        var started = Stopwatch.GetTimestamp();
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY import_staging (line_number, id, customer_id, rrn, rrn_index, owner_name, address, account_number, account_index, asset_type, amount, limitation_completed_on, rejection_code, rejection_reason) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            // Lines are read in chunks; the per-line work (validation, one CustomerId and two blind-index HMACs, four
            // AES-GCM encryptions) runs over the cores, then the chunk is hashed and written in line order.
            var chunk = new List<RawLine>(ChunkSize);
            var prepared = new PreparedLine[ChunkSize];
            await foreach (var line in lines.WithCancellation(cancellationToken))
            {
                chunk.Add(line);
                if (chunk.Count == ChunkSize)
                {
                    total += await FlushAsync(importer, header, chunk, prepared, hash, transferredOn, cancellationToken);
                }
            }

            total += await FlushAsync(importer, header, chunk, prepared, hash, transferredOn, cancellationToken);
            await importer.CompleteAsync(cancellationToken);
        }

        var copied = Stopwatch.GetElapsedTime(started);
        var contentHash = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (await db.Batches.AnyAsync(b => b.InstitutionCode == header.InstitutionCode && b.ContentHash == contentHash, cancellationToken))
        {
            throw Duplicate("content");
        }

        // An account transferred earlier, or twice in this batch, is rejected (the first line of the batch wins).
        await ExecuteAsync(connection, $"""
            UPDATE import_staging s SET rejection_code = '{TransferLineRules.DuplicateAccount.Code}', rejection_reason = '{TransferLineRules.DuplicateAccount.Reason}'
            FROM (SELECT line_number, row_number() OVER (PARTITION BY account_index ORDER BY line_number) AS n FROM import_staging WHERE rejection_code IS NULL) d
            WHERE s.line_number = d.line_number AND (d.n > 1 OR EXISTS (
                SELECT 1 FROM dormant.assets a WHERE a.institution_code = @institution AND a.account_index = s.account_index))
            """, cancellationToken, ("institution", header.InstitutionCode));
        await ExecuteAsync(connection, """
            INSERT INTO dormant.transfer_rejections (batch_id, line_number, code, reason)
            SELECT @batch, line_number, rejection_code, rejection_reason FROM import_staging WHERE rejection_code IS NOT NULL
            """, cancellationToken, ("batch", batchId));

        await using var insert = new NpgsqlCommand("""
            WITH moved AS (
                INSERT INTO dormant.assets (id, batch_id, line_number, institution_code, institution_name, sector, customer_id, owner_name,
                    account_number, type, amount, limitation_completed_on, transferred_on, status, rrn, rrn_index, address, account_index)
                SELECT id, @batch, line_number, @institution, @name, @sector, customer_id, owner_name, account_number, asset_type, amount,
                    limitation_completed_on, @on, 'Outstanding', rrn, rrn_index, address, account_index
                FROM import_staging WHERE rejection_code IS NULL
                RETURNING amount)
            SELECT count(*)::int, coalesce(sum(amount), 0)::bigint FROM moved
            """, connection);
        insert.Parameters.AddWithValue("batch", batchId);
        insert.Parameters.AddWithValue("institution", header.InstitutionCode);
        insert.Parameters.AddWithValue("name", header.InstitutionName);
        insert.Parameters.AddWithValue("sector", header.Sector.ToString());
        insert.Parameters.AddWithValue("on", transferredOn);
        insert.CommandTimeout = 0;
        int accepted;
        long amount;
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            accepted = reader.GetInt32(0);
            amount = reader.GetInt64(1);
        }

        var batch = new TransferBatch
        {
            Id = batchId, InstitutionCode = header.InstitutionCode, InstitutionName = header.InstitutionName, Sector = header.Sector,
            BatchReference = header.BatchReference, ContentHash = contentHash, Status = BatchStatus.Completed, TotalLines = total,
            AcceptedLines = accepted, RejectedLines = total - accepted, AcceptedAmount = amount, TransferredOn = transferredOn,
            SubmittedBy = header.SubmittedBy, CompletedAt = clock.GetUtcNow(),
        };
        db.Batches.Add(batch);
        outbox.Publish(new DormantAssetsTransferred
        {
            EventId = MessageIds.NewId(), BatchId = batchId, InstitutionCode = header.InstitutionCode, BatchReference = header.BatchReference,
            AcceptedLines = accepted, RejectedLines = batch.RejectedLines, TotalAmount = amount, OccurredAt = batch.CompletedAt,
        });
        audit.Record(new AuditEntry(AuditAction.Create, "TransferBatch", batchId.ToString())
        {
            Changes = [new("acceptedLines", null, accepted.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("acceptedAmount", null, amount.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw Duplicate("reference or content (submitted concurrently)");
        }

        await transaction.CommitAsync(cancellationToken);
        LogImported(logger, batchId, header.InstitutionCode, accepted, batch.RejectedLines, (long)copied.TotalMilliseconds,
            (long)(Stopwatch.GetElapsedTime(started) - copied).TotalMilliseconds);
        return batch;
    }

    private async Task<int> FlushAsync(
        NpgsqlBinaryImporter importer, BatchHeader header, List<RawLine> chunk, PreparedLine[] prepared, IncrementalHash hash, DateOnly transferredOn,
        CancellationToken cancellationToken)
    {
        var count = chunk.Count;
        if (count == 0)
        {
            return 0;
        }

        if (count >= ParallelThreshold)
        {
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i => prepared[i] = Prepare(header, chunk[i], transferredOn));
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                prepared[i] = Prepare(header, chunk[i], transferredOn);
            }
        }

        for (var i = 0; i < count; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\u001f', chunk[i].Fields) + "\n"));
            await importer.StartRowAsync(cancellationToken);
            Write(importer, prepared[i]);
        }

        Array.Clear(prepared, 0, count);
        chunk.Clear();
        return count;
    }

    /// <summary>Validates and protects one line; pure per line (the cipher, HMAC keys and rules are thread-safe).</summary>
    private PreparedLine Prepare(BatchHeader header, RawLine line, DateOnly transferredOn)
    {
        var f = line.Fields;
        LineRejection? rejection;
        ValidLine valid = default;
        ResidentRegistrationNumber rrn = default;
        if (f.Count != 7)
        {
            rejection = TransferLineRules.WrongColumnCount;
        }
        else if (!ResidentRegistrationNumber.TryParse(f[1], out rrn))
        {
            rejection = TransferLineRules.RrnInvalid;
        }
        else
        {
            rejection = TransferLineRules.Check(f[0], f[2], f[3]?.Trim(), f[4], f[5], f[6], transferredOn, out valid);
        }

        if (rejection is not null)
        {
            return new PreparedLine { LineNumber = line.LineNumber, Rejection = rejection };
        }

        return new PreparedLine
        {
            LineNumber = line.LineNumber,
            Id = Guid.CreateVersion7(),
            CustomerId = customerIds.Create(rrn).Value,
            Rrn = cipher.Encrypt(Digits(f[1])),
            RrnIndex = blindIndex.Compute(rrn),
            Name = cipher.Encrypt(valid.Name),
            Address = cipher.Encrypt(valid.Address),
            Account = cipher.Encrypt(valid.Account),
            AccountIndex = AccountIndex(blindIndex, header.InstitutionCode, valid.Account),
            Type = valid.Type.ToString(),
            Amount = valid.Amount,
            LimitationCompletedOn = valid.LimitationCompletedOn,
        };
    }

    // Synchronous field writes: the importer buffers, and StartRowAsync flushes when its buffer is full.
    private static void Write(NpgsqlBinaryImporter importer, PreparedLine p)
    {
        importer.Write(p.LineNumber, NpgsqlDbType.Integer);
        if (p.Rejection is { } rejection)
        {
            for (var i = 0; i < 11; i++)
            {
                importer.WriteNull();
            }

            importer.Write(rejection.Code, NpgsqlDbType.Text);
            importer.Write(rejection.Reason, NpgsqlDbType.Text);
            return;
        }

        importer.Write(p.Id, NpgsqlDbType.Uuid);
        importer.Write(p.CustomerId!, NpgsqlDbType.Text);
        importer.Write(p.Rrn!, NpgsqlDbType.Text);
        importer.Write(p.RrnIndex!, NpgsqlDbType.Text);
        importer.Write(p.Name!, NpgsqlDbType.Text);
        importer.Write(p.Address!, NpgsqlDbType.Text);
        importer.Write(p.Account!, NpgsqlDbType.Text);
        importer.Write(p.AccountIndex!, NpgsqlDbType.Text);
        importer.Write(p.Type!, NpgsqlDbType.Text);
        importer.Write(p.Amount, NpgsqlDbType.Bigint);
        importer.Write(p.LimitationCompletedOn, NpgsqlDbType.Date);
        importer.WriteNull();
        importer.WriteNull();
    }

    /// <summary>A line ready for the staging table: either its rejection or every protected field.</summary>
    private readonly record struct PreparedLine
    {
        public int LineNumber { get; init; }
        public LineRejection? Rejection { get; init; }
        public Guid Id { get; init; }
        public string? CustomerId { get; init; }
        public string? Rrn { get; init; }
        public string? RrnIndex { get; init; }
        public string? Name { get; init; }
        public string? Address { get; init; }
        public string? Account { get; init; }
        public string? AccountIndex { get; init; }
        public string? Type { get; init; }
        public long Amount { get; init; }
        public DateOnly LimitationCompletedOn { get; init; }
    }

    /// <summary>The blind index that makes an institution's account unique without storing it in clear (separators ignored).</summary>
    internal static string AccountIndex(IBlindIndex index, string institutionCode, string account) =>
        index.Compute(institutionCode + "|" + new string(account.Where(char.IsAsciiLetterOrDigit).ToArray()));

    // The encrypted column holds the 13 digits, as the EF converter of ResidentRegistrationNumber writes them.
    private static string Digits(string rrn) => new(rrn.Where(char.IsAsciiDigit).ToArray());

    private static DormantRuleException Duplicate(string by) =>
        new(BatchAlreadyImported, $"This batch was already imported (same institution and {by}).");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Transfer batch {BatchId} of {InstitutionCode} imported: {Accepted} accepted, {Rejected} rejected; lines prepared and copied to staging in {CopyMs} ms, checked and moved in {MoveMs} ms")]
    private static partial void LogImported(ILogger logger, Guid batchId, string institutionCode, int accepted, int rejected, long copyMs, long moveMs);
}
