using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Contributions;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Domain;
using Seomin.Contributions.Domain.Assessment;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;
using AssessmentRow = Seomin.Contributions.Api.Data.Assessment;

namespace Seomin.Contributions.Api.Features.Assessment;

public sealed record AssessmentRunResult(Month Month, int Assessed, int AlreadyAssessed, int CorrectionsNetted, long TotalAssessed);

/// <summary>
/// Assesses a month for every institution with a filing for it (its latest filing is the effective one). Idempotent:
/// an institution already assessed for the month is skipped. Corrections of earlier, already assessed months that have
/// not been netted yet are recomputed at their own month's rates and their difference is netted into this assessment.
/// </summary>
public sealed class AssessmentRun(ContributionsDbContext db, IOutbox outbox, IAuditTrail audit, TimeProvider clock)
{
    public async Task<AssessmentRunResult> RunAsync(Month month, string actor, CancellationToken cancellationToken)
    {
        var monthStart = month.FirstDay;
        var institutions = await db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Code, cancellationToken);
        var effective = await db.Filings.AsNoTracking().Where(f => f.Month == monthStart)
            .GroupBy(f => f.InstitutionCode)
            .Select(g => g.OrderByDescending(f => f.FiledAt).ThenByDescending(f => f.Id).First())
            .ToListAsync(cancellationToken);
        var assessed = await db.Assessments.Where(a => a.Month == monthStart).Select(a => a.InstitutionCode).ToHashSetAsync(cancellationToken);
        var pending = await PendingCorrectionsAsync(month, cancellationToken);
        var indices = await SubrogationIndicesAsync(month.Year - 1, cancellationToken);
        var now = clock.GetUtcNow();
        int count = 0, netted = 0;
        long total = 0;
        foreach (var filing in effective.Where(f => !assessed.Contains(f.InstitutionCode)))
        {
            var institution = institutions[filing.InstitutionCode];
            var c = MonthlyContribution.Compute(month, institution.RateGroup, new FiledBalances(filing.AverageLoanBalance, filing.AverageGuaranteedBalance), SubrogationIndex.For(indices, institution.Code));
            var row = new AssessmentRow
            {
                Id = Guid.CreateVersion7(),
                InstitutionCode = institution.Code,
                Month = monthStart,
                FilingId = filing.Id,
                AverageLoanBalance = filing.AverageLoanBalance,
                AverageGuaranteedBalance = filing.AverageGuaranteedBalance,
                Common = c.Common,
                Differential = c.Differential,
                CommonRate = c.CommonRate,
                TierRate = c.TierRate,
                SubrogationIndex = c.SubrogationIndex,
                ReliefDeduction = c.ReliefDeduction,
                Citations = c.CommonCitation + " | " + c.DifferentialCitation,
                DueOn = month.DueOn,
                Status = AssessmentStatus.Open,
                AssessedBy = actor,
                AssessedAt = now,
            };
            foreach (var correction in pending.Where(p => p.Correction.InstitutionCode == institution.Code))
            {
                var m = Month.Of(correction.Correction.Month);
                var recomputed = MonthlyContribution.Compute(
                    m, institution.RateGroup, new FiledBalances(correction.Correction.AverageLoanBalance, correction.Correction.AverageGuaranteedBalance),
                    correction.Original.SubrogationIndex).Total;
                var adjustment = new AssessmentAdjustment
                {
                    Id = Guid.CreateVersion7(),
                    AssessmentId = row.Id,
                    CorrectionFilingId = correction.Correction.Id,
                    ForMonth = correction.Correction.Month,
                    PreviouslyCharged = correction.Charged,
                    Recomputed = recomputed,
                    Delta = recomputed - correction.Charged,
                    Evidence = string.Join("; ", correction.Correction.Evidence.Select(e => e.Sha256 is null ? e.FileName : $"{e.FileName} ({e.Sha256})")),
                };
                row.AdjustmentLines.Add(adjustment);
                row.Adjustments += adjustment.Delta;
                foreach (var tracked in await db.Filings.Where(f => correction.Superseded.Contains(f.Id)).ToListAsync(cancellationToken))
                {
                    tracked.NettedIntoAssessmentId = row.Id;
                }

                netted++;
            }

            var owed = row.Common + row.Differential + row.Adjustments;
            row.Total = Math.Max(0, owed);
            if (owed < 0)
            {
                // A correction larger than the month's charge: the credit is held for the institution, never lost.
                db.UnappliedCash.Add(new UnappliedCash
                {
                    Id = Guid.CreateVersion7(), SourceAssessmentId = row.Id, InstitutionCode = row.InstitutionCode, Amount = -owed, Remaining = -owed,
                    Reason = $"Corrections netted into {month} exceed its charge.", CreatedAt = now,
                });
            }

            db.Assessments.Add(row);
            db.Notices.Add(new CollectionNotice { Id = Guid.CreateVersion7(), AssessmentId = row.Id, Kind = NoticeKind.Notice, On = BusinessTime.BusinessClock.SeoulDate(now), Outstanding = row.Total });
            outbox.Publish(new ContributionAssessed
            {
                EventId = MessageIds.NewId(), AssessmentId = row.Id, InstitutionCode = row.InstitutionCode, Month = month.ToString(),
                Common = row.Common, Differential = row.Differential, Adjustments = row.Adjustments, Total = row.Total, DueOn = row.DueOn, OccurredAt = now,
            });
            count++;
            total += row.Total;
        }

        audit.Record(new AuditEntry(AuditAction.Create, "ContributionAssessmentRun", month.ToString())
        {
            Changes = [new("assessed", null, count.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("total", null, total.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
        await db.SaveChangesAsync(cancellationToken);
        return new AssessmentRunResult(month, count, assessed.Count, netted, total);
    }

    private sealed record PendingCorrection(Filing Correction, IReadOnlyList<Guid> Superseded, AssessmentRow Original, long Charged);

    /// <summary>The latest correction of each earlier, already assessed month not yet netted: what that month was charged so far, with earlier nettings.</summary>
    private async Task<List<PendingCorrection>> PendingCorrectionsAsync(Month month, CancellationToken cancellationToken)
    {
        var monthStart = month.FirstDay;
        var corrections = await db.Filings.AsNoTracking()
            .Where(f => f.Kind == FilingKind.Correction && f.NettedIntoAssessmentId == null && f.Month < monthStart)
            .ToListAsync(cancellationToken);
        var result = new List<PendingCorrection>();
        foreach (var group in corrections.GroupBy(f => (f.InstitutionCode, f.Month)))
        {
            var original = await db.Assessments.AsNoTracking().SingleOrDefaultAsync(a => a.InstitutionCode == group.Key.InstitutionCode && a.Month == group.Key.Month, cancellationToken);
            if (original is null)
            {
                continue; // not assessed yet: the correction is simply that month's effective filing
            }

            var latest = group.OrderByDescending(f => f.FiledAt).ThenByDescending(f => f.Id).First();
            if (latest.FiledAt <= original.AssessedAt && original.FilingId == latest.Id)
            {
                continue;
            }

            var earlierDeltas = await db.Adjustments.Where(a => a.ForMonth == group.Key.Month
                    && db.Filings.Any(f => f.Id == a.CorrectionFilingId && f.InstitutionCode == group.Key.InstitutionCode))
                .SumAsync(a => a.Delta, cancellationToken);
            // Older corrections of the same month are superseded by the latest: all are marked netted into one assessment.
            result.Add(new PendingCorrection(latest, [.. group.Select(f => f.Id)], original, original.Common + original.Differential + earlierDeltas));
        }

        return result;
    }

    /// <summary>The prior-year index per institution from subrogation payments and the year's filed guaranteed balances.</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> SubrogationIndicesAsync(int year, CancellationToken cancellationToken)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var filings = await db.Filings.AsNoTracking().Where(f => f.Month >= from && f.Month <= to)
            .Select(f => new { f.InstitutionCode, f.Month, f.FiledAt, f.Id, f.AverageGuaranteedBalance }).ToListAsync(cancellationToken);
        var averages = filings.GroupBy(f => (f.InstitutionCode, f.Month))
            .Select(g => g.OrderByDescending(f => f.FiledAt).ThenByDescending(f => f.Id).First())
            .GroupBy(f => f.InstitutionCode)
            .ToDictionary(g => g.Key, g => (long)Math.Truncate(g.Average(f => (decimal)f.AverageGuaranteedBalance)));
        var paid = await db.SubrogationPayments.AsNoTracking().Where(s => s.PaidOn >= from && s.PaidOn <= to)
            .GroupBy(s => s.LenderCode).Select(g => new { g.Key, Won = g.Sum(s => s.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Won, cancellationToken);
        return SubrogationIndex.Compute(averages.Select(a => new LenderYear(a.Key, paid.GetValueOrDefault(a.Key), a.Value)));
    }
}
