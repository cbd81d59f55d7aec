using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Contributions;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Csv;
using Seomin.Contributions.Api.Features.Ledger;
using Seomin.Contributions.Domain.Collection;
using Seomin.Contributions.Domain.Ledger;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Features.Collection;

public sealed record PaymentInput(string? BankReference, long? Amount, DateOnly? ReceivedOn, string? InstitutionCode, Guid? AssessmentId);

public sealed record PaymentOutcome(Payment Payment, bool AlreadyRecorded, IReadOnlyList<Guid> AppliedTo);

/// <summary>
/// Receives money and matches it to assessments, to the won: a payment naming an assessment goes to it; one naming only
/// an institution goes to its open assessments oldest month first; on each, charged late interest first, then
/// principal. Whatever matches nothing (unknown institution or assessment, nothing open, more than owed) is held as
/// unapplied cash for an officer to apply later. A bank reference already recorded is answered with the first
/// outcome and books nothing. Contributions applied are booked into the KINFA supplementary account.
/// </summary>
public sealed class PaymentDesk(ContributionsDbContext db, FundLedger ledger, IOutbox outbox, IAuditTrail audit, TimeProvider clock)
{
    public const string ContributionFund = FundCodes.KinfaSupplementary;

    public async Task<PaymentOutcome> ReceiveAsync(PaymentInput input, PaymentSource source, string actor, CancellationToken cancellationToken, string prefix = "")
    {
        var errors = Validate(input, prefix);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(CsvFileException.ToDictionary(errors));
        }

        return await ReceiveValidAsync(input, source, actor, cancellationToken);
    }

    /// <summary>A bank statement file (CSV: bankReference,receivedOn,amount,institutionCode,assessmentId): refused whole if any row is bad.</summary>
    public async Task<IReadOnlyList<PaymentOutcome>> ReceiveStatementAsync(string text, string actor, CancellationToken cancellationToken)
    {
        var (_, rows) = CsvTable.Parse(text, ["bankReference", "receivedOn", "amount"]);
        var errors = new List<CsvError>();
        var inputs = new List<PaymentInput>();
        var references = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var prefix = $"rows[{row.Number}].";
            long? amount = long.TryParse(row["amount"], out var a) ? a : null;
            DateOnly? on = DateOnly.TryParse(row["receivedOn"], System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
            Guid? assessment = Guid.TryParse(row["assessmentId"], out var g) ? g : null;
            if (row["amount"] is not null && amount is null)
            {
                errors.Add(new(prefix + "amount", "amount must be a whole number of won."));
            }

            if (row["receivedOn"] is not null && on is null)
            {
                errors.Add(new(prefix + "receivedOn", "receivedOn must be a date, yyyy-MM-dd."));
            }

            if (row["assessmentId"] is not null && assessment is null)
            {
                errors.Add(new(prefix + "assessmentId", "assessmentId must be an assessment id."));
            }

            var input = new PaymentInput(row["bankReference"], amount, on, row["institutionCode"], assessment);
            errors.AddRange(Validate(input, prefix).Where(e => !errors.Any(x => x.Field == e.Field)));
            if (input.BankReference is { } reference)
            {
                if (references.TryGetValue(reference, out var earlier))
                {
                    errors.Add(new(prefix + "bankReference", $"Duplicate of row {earlier} in this file."));
                }

                references[reference] = row.Number;
            }

            inputs.Add(input);
        }

        if (errors.Count > 0)
        {
            throw new CsvFileException(errors);
        }

        var outcomes = new List<PaymentOutcome>();
        foreach (var input in inputs)
        {
            outcomes.Add(await ReceiveValidAsync(input, PaymentSource.BankStatement, actor, cancellationToken));
        }

        return outcomes;
    }

    private List<CsvError> Validate(PaymentInput input, string prefix)
    {
        var errors = new List<CsvError>();
        if (string.IsNullOrWhiteSpace(input.BankReference))
        {
            errors.Add(new(prefix + "bankReference", "bankReference is required."));
        }

        if (input.Amount is null)
        {
            errors.Add(new(prefix + "amount", "amount is required (whole won)."));
        }
        else if (input.Amount <= 0)
        {
            errors.Add(new(prefix + "amount", "amount must be positive."));
        }

        if (input.ReceivedOn is null)
        {
            errors.Add(new(prefix + "receivedOn", "receivedOn is required."));
        }
        else if (input.ReceivedOn > BusinessTime.BusinessClock.SeoulDate(clock.GetUtcNow()))
        {
            errors.Add(new(prefix + "receivedOn", "receivedOn must not be in the future."));
        }

        return errors;
    }

    private async Task<PaymentOutcome> ReceiveValidAsync(PaymentInput input, PaymentSource source, string actor, CancellationToken cancellationToken)
    {
        var reference = input.BankReference!.Trim();
        var existing = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.BankReference == reference, cancellationToken)
            ?? db.Payments.Local.SingleOrDefault(p => p.BankReference == reference);
        if (existing is not null)
        {
            return new PaymentOutcome(existing, true, []);
        }

        var receivedOn = input.ReceivedOn!.Value;
        var payment = new Payment
        {
            Id = Guid.CreateVersion7(), BankReference = reference, InstitutionCode = input.InstitutionCode?.Trim(), AssessmentId = input.AssessmentId,
            Amount = input.Amount!.Value, ReceivedOn = receivedOn, Source = source, RecordedBy = actor, RecordedAt = clock.GetUtcNow(),
        };
        db.Payments.Add(payment);
        var targets = await TargetsAsync(payment, cancellationToken);
        var remaining = payment.Amount;
        var applied = new List<Guid>();
        foreach (var assessment in targets)
        {
            if (remaining == 0)
            {
                break;
            }

            var used = await ApplyAsync(assessment, remaining, receivedOn, payment.Id, $"{payment.Id}:{assessment.Id}", actor, cancellationToken);
            payment.ToInterest += used.ToInterest;
            payment.ToPrincipal += used.ToPrincipal;
            remaining -= used.Applied;
            if (used.Applied > 0)
            {
                applied.Add(assessment.Id);
            }
        }

        if (remaining > 0)
        {
            payment.Unapplied = remaining;
            db.UnappliedCash.Add(new UnappliedCash
            {
                Id = Guid.CreateVersion7(), PaymentId = payment.Id, InstitutionCode = payment.InstitutionCode, Amount = remaining, Remaining = remaining,
                Reason = targets.Count == 0 ? "Matches no open assessment." : "More than the matched assessments owe.", CreatedAt = payment.RecordedAt,
            });
            await ledger.PostAsync(new PostingRequest(ContributionFund, PostingKind.UnappliedCashReceived, "payment-unapplied", payment.Id.ToString(), remaining, receivedOn, actor,
                $"Unapplied cash from {reference}"), cancellationToken);
        }

        audit.Record(new AuditEntry(AuditAction.Create, "ContributionPayment", payment.Id.ToString())
        {
            Changes = [new("amount", null, payment.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("unapplied", null, payment.Unapplied.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
        return new PaymentOutcome(payment, false, applied);
    }

    /// <summary>Applies held cash (from a payment or a correction's credit) to an assessment, up to what it owes.</summary>
    public async Task<(UnappliedCash Cash, long Applied)> ApplyHeldAsync(Guid unappliedId, Guid assessmentId, DateOnly on, string actor, CancellationToken cancellationToken)
    {
        var cash = await db.UnappliedCash.SingleOrDefaultAsync(u => u.Id == unappliedId, cancellationToken)
            ?? throw new NotFoundException($"No unapplied cash {unappliedId}.");
        var assessment = await db.Assessments.SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken)
            ?? throw new NotFoundException($"No assessment {assessmentId}.");
        if (cash.InstitutionCode is { } code && code != assessment.InstitutionCode)
        {
            throw new Domain.ContributionRuleException("HeldCashBelongsToItsInstitution", $"This cash is held for institution {code}.");
        }

        if (cash.Remaining == 0)
        {
            throw new ConflictException("This cash has been applied in full.");
        }

        var applicationId = Guid.CreateVersion7();
        // Cash received into the unapplied account moves into the fund; a correction's credit was already in the fund.
        var used = await ApplyAsync(assessment, cash.Remaining, on, cash.PaymentId ?? applicationId, cash.PaymentId is null ? null : $"held:{applicationId}", actor, cancellationToken, fromHeldCash: cash.PaymentId is not null);
        cash.Remaining -= used.Applied;
        audit.Record(new AuditEntry(AuditAction.Change, "UnappliedCash", cash.Id.ToString())
        {
            Changes = [new("appliedTo", null, assessment.Id.ToString()), new("applied", null, used.Applied.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
        return (cash, used.Applied);
    }

    private async Task<PaymentAllocation> ApplyAsync(
        Data.Assessment a, long amount, DateOnly on, Guid paymentId, string? postingSource, string actor, CancellationToken cancellationToken, bool fromHeldCash = false)
    {
        var allocation = AssessmentAccount.Apply(a.Total, a.PrincipalPaid, a.InterestCharged, a.InterestPaid, a.DueOn, a.InterestAccruedTo, amount, on);
        a.InterestCharged += allocation.InterestCharged;
        if (on > a.DueOn)
        {
            a.InterestAccruedTo = a.InterestAccruedTo is { } to && to > on ? to : on;
        }

        a.InterestPaid += allocation.ToInterest;
        a.PrincipalPaid += allocation.ToPrincipal;
        if (a.Outstanding == 0)
        {
            a.Status = AssessmentStatus.Paid;
        }

        if (allocation.Applied > 0 && postingSource is not null)
        {
            await ledger.PostAsync(new PostingRequest(
                ContributionFund, fromHeldCash ? PostingKind.UnappliedCashApplied : PostingKind.Contribution, "contribution-payment", postingSource, allocation.Applied, on, actor,
                $"{a.InstitutionCode} {a.Month:yyyy-MM}", ContributorGroup: "금융회사 출연금", ContributorName: a.InstitutionCode), cancellationToken);
        }

        if (allocation.Applied > 0)
        {
            outbox.Publish(new ContributionPaid
            {
                EventId = MessageIds.NewId(), AssessmentId = a.Id, PaymentId = paymentId, InstitutionCode = a.InstitutionCode,
                ToPrincipal = allocation.ToPrincipal, ToInterest = allocation.ToInterest, Outstanding = a.Outstanding, ReceivedOn = on, OccurredAt = clock.GetUtcNow(),
            });
        }

        return allocation;
    }

    private async Task<List<Data.Assessment>> TargetsAsync(Payment payment, CancellationToken cancellationToken)
    {
        if (payment.AssessmentId is { } id)
        {
            var named = await db.Assessments.SingleOrDefaultAsync(a => a.Id == id && a.Status != AssessmentStatus.Paid, cancellationToken);
            return named is null || (payment.InstitutionCode is { } code && code != named.InstitutionCode) ? [] : [named];
        }

        if (payment.InstitutionCode is null)
        {
            return [];
        }

        return await db.Assessments.Where(a => a.InstitutionCode == payment.InstitutionCode && a.Status != AssessmentStatus.Paid)
            .OrderBy(a => a.Month).ToListAsync(cancellationToken);
    }
}
