using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Api.Data.Configurations;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.DormantAssets.Domain.Rules;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;

namespace Seomin.DormantAssets.Api.Features.Lookup;

/// <summary>One asset as its owner (or a partner with the owner's consent) sees it: amounts and institution, the account masked.</summary>
public sealed record AssetView(
    Guid AssetId,
    string InstitutionCode,
    string InstitutionName,
    InstitutionSector Sector,
    AssetType AssetType,
    string AccountMasked,
    long Principal,
    long InterestToDate,
    long PayableToday,
    DateOnly LimitationCompletedOn,
    DateOnly TransferredOn,
    AssetStatus Status,
    DateOnly? PaidOn);

/// <summary>Every asset of one person across institutions.</summary>
public sealed record LookupResult(string CustomerId, int AssetCount, long OutstandingTotal, IReadOnlyList<AssetView> Assets);

/// <summary>
/// 찾아줌: every dormant asset of a person across institutions, found by the RRN's blind index. Cheque and unclaimed-stock
/// proceeds are not shown (<see cref="AssetDisclosure"/>). Every lookup is audited with its purpose and consent.
/// </summary>
/// <remarks>
/// Two database round trips per lookup: the query (compiled; prepared by Npgsql after its second use on a connection),
/// then one batch that inserts the verification record (whose primary key is the single-use check) and the audit row in
/// one implicit transaction — an unaudited lookup is never served, because the result is returned only after that batch
/// succeeded. The time of each step is logged at Debug.
/// </remarks>
public sealed partial class AssetLookup(
    DormantAssetsDbContext db, AssetLookupQuery query, IBlindIndex blindIndex, IAuditTrail audit, TimeProvider clock, ILogger<AssetLookup> logger)
{
    private static readonly AssetType[] Shown = [.. Enum.GetValues<AssetType>().Where(AssetDisclosure.IsShownInLookup)];

    public async Task<LookupResult> ForAsync(VerifiedOwner owner, string purpose, string? consentId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var index = blindIndex.Compute(owner.Rrn);
        var rows = new List<AssetRow>(4);
        await foreach (var row in query.ByBlindIndex(db, index, Shown).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        var queried = Stopwatch.GetTimestamp();
        var today = BusinessClock.SeoulDate(clock.GetUtcNow());
        var views = rows.Select(r => View(r, today)).ToList();
        audit.Record(new AuditEntry(AuditAction.View, "DormantAssetLookup", owner.CustomerId.Value)
        {
            Subject = owner.CustomerId,
            Reason = $"purpose: {purpose}; consent: {consentId ?? "owner identity verification"}; verification: {owner.VerificationId}; assets: {views.Count}",
        });
        var viewed = Stopwatch.GetTimestamp();
        // The verification record and the audit row (and a partner's consent) go in one batch, which PostgreSQL runs
        // as one implicit transaction (one Sync): both are written or neither. Without EF's explicit transaction the
        // separate COMMIT round trip goes away.
        var behavior = db.Database.AutoTransactionBehavior;
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.Database.AutoTransactionBehavior = behavior;
        }

        LogTimings(logger, views.Count, Stopwatch.GetElapsedTime(started, queried).TotalMilliseconds, Stopwatch.GetElapsedTime(queried, viewed).TotalMilliseconds,
            Stopwatch.GetElapsedTime(viewed).TotalMilliseconds);
        return new LookupResult(owner.CustomerId.Value, views.Count, views.Where(v => v.Status == AssetStatus.Outstanding).Sum(v => v.PayableToday), views);
    }

    private static AssetView View(AssetRow a, DateOnly today)
    {
        var interest = a.Status == AssetStatus.Outstanding ? PostTransferInterest.For(a.Amount, a.TransferredOn, today) : 0;
        return new AssetView(a.Id, a.InstitutionCode, a.InstitutionName, a.Sector, a.Type, Masking.Account(a.AccountNumber), a.Amount, interest,
            a.Amount + interest, a.LimitationCompletedOn, a.TransferredOn, a.Status, a.PaidOn);
    }

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Lookup of {Assets} assets: blind index + query {QueryMs:F2} ms, decrypt + view + audit entry {ViewMs:F2} ms, verification record + audit row + commit {SaveMs:F2} ms")]
    private static partial void LogTimings(ILogger logger, int assets, double queryMs, double viewMs, double saveMs);

    /// <summary>The columns of one asset the view is built from.</summary>
    public sealed record AssetRow(
        Guid Id, string InstitutionCode, string InstitutionName, InstitutionSector Sector, AssetType Type, string AccountNumber, long Amount,
        DateOnly LimitationCompletedOn, DateOnly TransferredOn, AssetStatus Status, DateOnly? PaidOn);
}

/// <summary>
/// The lookup's query, compiled once per host (a singleton): a lookup skips EF's expression-tree work and query cache,
/// and the SQL text is the same every time, so Npgsql prepares it on each connection. Only the columns the view returns:
/// the account number is the one encrypted field decrypted (then masked); the owner's name, RRN and address stay
/// ciphertext. The plan is an index scan on rrn_index (a person has a handful of rows), see
/// docs/benchmarks/dormant-assets.md.
/// </summary>
/// <remarks>
/// Not a static field: EF binds a compiled query to the model of the first context that runs it and refuses another
/// model, and two hosts in one process (tests, the benchmark) each build their own model.
/// </remarks>
public sealed class AssetLookupQuery
{
    public Func<DormantAssetsDbContext, string, AssetType[], IAsyncEnumerable<AssetLookup.AssetRow>> ByBlindIndex { get; } =
        EF.CompileAsyncQuery((DormantAssetsDbContext db, string index, AssetType[] shown) => db.Assets.AsNoTracking()
            .Where(a => EF.Property<string>(a, AssetConfiguration.RrnIndex) == index && shown.Contains(a.Type))
            .OrderBy(a => a.TransferredOn).ThenBy(a => a.Id)
            .Select(a => new AssetLookup.AssetRow(a.Id, a.InstitutionCode, a.InstitutionName, a.Sector, a.Type, a.AccountNumber, a.Amount,
                a.LimitationCompletedOn, a.TransferredOn, a.Status, a.PaidOn)));
}
