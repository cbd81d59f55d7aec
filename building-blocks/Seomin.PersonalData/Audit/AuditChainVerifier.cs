using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Seomin.PersonalData.Audit;

/// <summary>The outcome of <see cref="AuditChainVerifier.VerifyAsync"/>.</summary>
/// <param name="RowsVerified">Rows found intact before the first broken one (or all rows).</param>
/// <param name="FirstBrokenRow">Null when the chain is intact.</param>
/// <param name="Problem">Why <paramref name="FirstBrokenRow"/> is broken.</param>
/// <param name="HeadHash">The hash of the last intact row: anchor it elsewhere to detect tail truncation.</param>
public sealed record AuditChainVerification(long RowsVerified, AuditLogEntry? FirstBrokenRow, string? Problem, string HeadHash)
{
    public bool IsIntact => FirstBrokenRow is null;
}

/// <summary>
/// Recomputes the hash chain of <c>audit_log</c> in id order, independently of the database trigger,
/// and reports the first row whose content or link does not match.
/// </summary>
public static class AuditChainVerifier
{
    public static async Task<AuditChainVerification> VerifyAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var previous = AuditTrailSql.GenesisHash;
        long verified = 0;
        var rows = db.Set<AuditLogEntry>().AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (!string.Equals(row.PrevHash, previous, StringComparison.Ordinal))
            {
                return new AuditChainVerification(verified, row, "prev_hash does not match the hash of the row before it", previous);
            }

            if (!string.Equals(ComputeHash(row), row.Hash, StringComparison.Ordinal))
            {
                return new AuditChainVerification(verified, row, "hash does not match the row's content", previous);
            }

            previous = row.Hash;
            verified++;
        }

        return new AuditChainVerification(verified, null, null, previous);
    }

    /// <summary>
    /// The same canonical form the trigger hashes: length-prefixed UTF-8 fields, null as <c>~;</c>. The client is
    /// appended only when set, so rows sealed before the column existed (client null) keep their hashes.
    /// </summary>
    internal static string ComputeHash(AuditLogEntry row)
    {
        var canonical = new StringBuilder(256);
        Field(canonical, row.PrevHash);
        Field(canonical, row.Id.ToString(CultureInfo.InvariantCulture));
        Field(canonical, row.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Field(canonical, row.Actor);
        Field(canonical, row.ActorType);
        Field(canonical, row.ClientIp);
        Field(canonical, row.Action.ToString());
        Field(canonical, row.Subject?.Value);
        Field(canonical, row.ResourceType);
        Field(canonical, row.ResourceId);
        Field(canonical, row.Reason);
        Field(canonical, row.Changes);
        if (row.Client is not null)
        {
            Field(canonical, row.Client);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    private static void Field(StringBuilder canonical, string? value)
    {
        if (value is null)
        {
            canonical.Append("~;");
            return;
        }

        canonical.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
    }
}
