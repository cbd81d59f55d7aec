using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.IdentityVerification;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Guarantee.Api.Features.SelfServiceRefund;

/// <summary>One guarantee of the verified customer and what can be refunded on it today.</summary>
public sealed record RefundableGuarantee(Guid GuaranteeId, string ProductCode, GuaranteeStatus Status, long FeesOutstanding, long Refundable);

public sealed record RefundableView(string MaskedRrn, IReadOnlyList<RefundableGuarantee> Guarantees, long TotalRefundable);

public sealed record RefundResult(Guid TransferId, Guid GuaranteeId, long Amount, string BankCode, string MaskedAccountNumber, RefundTransferStatus Status, string? BankReference);

/// <summary>
/// 보증료 과오납 환급 for the agency's own app/web (seed 001): the customer proves who they are through the identity-
/// verification port, sees the refundable amount per guarantee (overpayment net of fees and late fees owed, item 10's
/// rule) and asks for it to an account in their own name (account-holder inquiry = verified name). The refund is booked
/// on the fee ledger and in the transfer table in one transaction, then sent to the bank with that transfer id: a retry
/// after a lost answer re-sends the same id and the bank pays once. Every look-up and refund is audited.
/// </summary>
public sealed class SelfServiceRefunds(
    GuaranteeDbContext db, IServiceProvider services, ICustomerIdFactory customerIds, IRefundBankTransferPort bank, GuaranteeEvents events,
    IAuditTrail audit, BusinessClock clock, TimeProvider time)
{
    public const string AccountNotInCustomerName = "refund_account_not_in_customer_name";
    public const string IdentityVerificationUnavailable = "identity_verification_unavailable";

    public async Task<RefundableView> RefundableAsync(string? verificationId, CancellationToken ct)
    {
        var person = await VerifyAsync(verificationId, ct);
        var customerId = customerIds.Create(person.Rrn).Value;
        var today = clock.Today;
        var guarantees = await db.Guarantees.AsNoTracking().Where(g => g.CustomerId == customerId).OrderBy(g => g.Id).ToListAsync(ct);
        var lines = guarantees.Select(g =>
        {
            // Brought up to today on an untracked copy (never saved): fees and late fees owed are netted first.
            g.AssessLateFees(today);
            return new RefundableGuarantee(g.Id, g.ProductCode, g.Status, g.FeesOutstanding, Math.Max(0, g.Overpayment));
        }).ToList();
        audit.Record(new AuditEntry(AuditAction.View, "SelfServiceRefundable", customerId) { Subject = new CustomerId(customerId) });
        await db.SaveChangesAsync(ct);
        return new RefundableView(person.Rrn.Masked, lines, lines.Sum(l => l.Refundable));
    }

    public async Task<RefundResult> RequestAsync(string? verificationId, Guid guaranteeId, string? bankCode, string? accountNumber, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(bankCode) || bankCode.Trim().Length > 10)
        {
            errors["bankCode"] = ["bankCode is required (at most 10 characters)."];
        }

        var account = new string((accountNumber ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (account.Length is < 6 or > 20)
        {
            errors["accountNumber"] = ["accountNumber must have 6 to 20 digits."];
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        var bankId = bankCode!.Trim();
        var person = await VerifyAsync(verificationId, ct);
        var customerId = customerIds.Create(person.Rrn).Value;
        var guarantee = await db.Guarantees.SingleOrDefaultAsync(g => g.Id == guaranteeId && g.CustomerId == customerId, ct)
            ?? throw new NotFoundException($"Guarantee {guaranteeId} is not one of the verified customer's.");
        var masked = MaskAccount(account);

        var transfer = await db.RefundTransfers.SingleOrDefaultAsync(t => t.GuaranteeId == guaranteeId && t.Status == RefundTransferStatus.Pending, ct);
        if (transfer is not null && (transfer.BankCode != bankId || transfer.MaskedAccountNumber != masked))
        {
            throw new BusinessRuleException("refund_transfer_pending_to_another_account",
                $"A refund of {transfer.Amount} won to {transfer.BankCode} {transfer.MaskedAccountNumber} is still being sent; retry with that account.");
        }

        if (transfer is null)
        {
            var holder = await bank.AccountHolderAsync(bankId, account, ct);
            if (holder is null || !string.Equals(holder.Trim(), person.Name.Trim(), StringComparison.Ordinal))
            {
                audit.Record(new AuditEntry(AuditAction.Refuse, "SelfServiceRefund", guaranteeId.ToString())
                {
                    Subject = new CustomerId(customerId),
                    Changes = [new AuditFieldChange("reason", null, AccountNotInCustomerName)],
                });
                await db.SaveChangesAsync(ct);
                throw new BusinessRuleException(AccountNotInCustomerName, "The account is not in the verified customer's name (예금주 불일치).");
            }

            var entry = guarantee.RefundOverpayment(clock.Today, null, Guid.CreateVersion7());
            transfer = new RefundTransfer
            {
                Id = entry.Id,
                GuaranteeId = guarantee.Id,
                CustomerId = customerId,
                Amount = -entry.Amount,
                BankCode = bankId,
                MaskedAccountNumber = masked,
                Status = RefundTransferStatus.Pending,
                RequestedAt = time.GetUtcNow(),
            };
            db.RefundTransfers.Add(transfer);
            events.FeesRefunded(guarantee, [entry]);
            audit.Record(new AuditEntry(AuditAction.Create, "SelfServiceRefund", transfer.Id.ToString())
            {
                Subject = new CustomerId(customerId),
                Changes =
                [
                    new AuditFieldChange("guaranteeId", null, guarantee.Id.ToString()),
                    new AuditFieldChange("amount", null, transfer.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new AuditFieldChange("account", null, $"{bankId} {masked}"),
                ],
            });
            await db.SaveChangesAsync(ct);
        }

        try
        {
            var confirmation = await bank.TransferAsync(new RefundTransferRequest(transfer.Id, bankId, account, transfer.Amount, "보증료 환급"), ct);
            transfer.Status = RefundTransferStatus.Completed;
            transfer.BankReference = confirmation.Reference;
            transfer.CompletedAt = confirmation.ExecutedAt;
            audit.Record(new AuditEntry(AuditAction.Change, "SelfServiceRefund", transfer.Id.ToString())
            {
                Subject = new CustomerId(customerId),
                Changes = [new AuditFieldChange("status", nameof(RefundTransferStatus.Pending), nameof(RefundTransferStatus.Completed))],
            });
            await db.SaveChangesAsync(ct);
        }
        catch (RefundTransferFailedException)
        {
            // Booked and pending: the next request for this guarantee re-sends the same transfer id; the bank pays once.
        }

        return new RefundResult(transfer.Id, transfer.GuaranteeId, transfer.Amount, transfer.BankCode, transfer.MaskedAccountNumber, transfer.Status, transfer.BankReference);
    }

    /// <summary>Keeps the last four digits: "123456789012" → "********9012".</summary>
    public static string MaskAccount(string digits) => string.Concat(new string('*', Math.Max(0, digits.Length - 4)), digits[^Math.Min(4, digits.Length)..]);

    private async Task<VerifiedPerson> VerifyAsync(string? verificationId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(verificationId))
        {
            throw new DomainValidationException("verificationId", "verificationId is required (from the identity verification).");
        }

        // No provider is configured outside development and tests until the real one is wired: a clear 422, not a 500.
        var port = services.GetService<IIdentityVerificationPort>()
            ?? throw new BusinessRuleException(IdentityVerificationUnavailable, "Identity verification is not available on this deployment.");
        var result = await port.ConfirmAsync(verificationId, ct);
        return result.Person ?? throw new BusinessRuleException(result.ErrorCode!, $"Identity verification failed: {result.Failure}.");
    }
}
