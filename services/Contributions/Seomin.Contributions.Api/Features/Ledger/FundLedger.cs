using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Contributions;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Domain.Ledger;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Features.Ledger;

/// <summary>What to post: the kind fixes the accounts; the source (type + id) makes it book once.</summary>
public sealed record PostingRequest(
    string FundCode,
    PostingKind Kind,
    string SourceType,
    string SourceId,
    long Amount,
    DateOnly On,
    string RecordedBy,
    string? Description = null,
    string? ContributorGroup = null,
    string? ContributorName = null,
    string? Programme = null,
    string? PlanLine = null);

/// <summary>
/// The fund ledgers (docs/adr/0018): double entry, append-only. A posting locks its fund's head row (the next sequence),
/// derives the balance from the fund's entries, appends the entry and its two lines, and publishes
/// <see cref="GuaranteeFundBalanceChanged"/> through the outbox, all in the caller's transaction. A source already
/// booked returns the existing entry (and books nothing).
/// </summary>
public sealed class FundLedger(ContributionsDbContext db, IOutbox outbox, TimeProvider clock)
{
    public async Task<(JournalEntry Entry, bool Booked)> PostAsync(PostingRequest request, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A posting runs inside the caller's transaction.");
        }

        if (!FundCodes.All.Contains(request.FundCode))
        {
            throw new DomainValidationException("fundCode", $"Unknown fund '{request.FundCode}'; one of {string.Join(", ", FundCodes.All)}.");
        }

        var lines = Postings.Lines(request.Kind, request.Amount);
        var existing = db.Entries.Local.FirstOrDefault(e => e.SourceType == request.SourceType && e.SourceId == request.SourceId)
            ?? await db.Entries.SingleOrDefaultAsync(e => e.SourceType == request.SourceType && e.SourceId == request.SourceId, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }

        // The row lock serialises postings per fund until the transaction ends: sequences increase without gaps and
        // the balance summed next sees every earlier posting of this fund.
        var sequence = await db.Database
            .SqlQuery<long>($"UPDATE contributions.funds SET \"Sequence\" = \"Sequence\" + 1 WHERE \"FundCode\" = {request.FundCode} RETURNING \"Sequence\" AS \"Value\"")
            .ToListAsync(cancellationToken);
        var before = await BalanceAsync(request.FundCode, cancellationToken)
            + db.Lines.Local.Where(l => l.FundCode == request.FundCode && db.Entry(l).State == EntityState.Added && l.Account == LedgerAccount.FundCapital).Sum(l => l.Credit - l.Debit);
        var balance = before + Postings.BalanceEffect(lines);
        var now = clock.GetUtcNow();
        var entry = new JournalEntry
        {
            Id = Guid.CreateVersion7(),
            FundCode = request.FundCode,
            Sequence = sequence.Single(),
            Kind = request.Kind,
            SourceType = request.SourceType,
            SourceId = request.SourceId,
            Amount = request.Amount,
            On = request.On,
            Description = request.Description,
            ContributorGroup = request.ContributorGroup,
            ContributorName = request.ContributorName,
            Programme = request.Programme,
            PlanLine = request.PlanLine,
            BalanceAfter = balance,
            RecordedBy = request.RecordedBy,
            RecordedAt = now,
        };
        entry.Lines.AddRange(lines.Select(l => new LedgerLine
        {
            Id = Guid.CreateVersion7(), EntryId = entry.Id, FundCode = request.FundCode, Account = l.Account, Debit = l.Debit, Credit = l.Credit,
        }));
        db.Entries.Add(entry);
        outbox.Publish(new GuaranteeFundBalanceChanged
        {
            EventId = MessageIds.NewId(),
            FundCode = request.FundCode,
            Balance = balance,
            Sequence = entry.Sequence,
            OccurredAt = now,
        });
        return (entry, true);
    }

    /// <summary>The fund's balance: Σ (credit − debit) of its <see cref="LedgerAccount.FundCapital"/> lines saved so far.</summary>
    public Task<long> BalanceAsync(string fundCode, CancellationToken cancellationToken) =>
        db.Lines.Where(l => l.FundCode == fundCode && l.Account == LedgerAccount.FundCapital).SumAsync(l => l.Credit - l.Debit, cancellationToken);
}
