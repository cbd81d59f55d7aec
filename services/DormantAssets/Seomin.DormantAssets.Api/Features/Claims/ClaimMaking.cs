using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Seomin.BusinessTime;
using Seomin.Contracts.DormantAssets;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Domain;
using Seomin.DormantAssets.Domain.Claims;
using Seomin.DormantAssets.Domain.Rules;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api.Features.Claims;

/// <summary>What a claim asks for. <see cref="ClaimantCustomerId"/> and <see cref="ClaimantName"/> are the verified person online; at a counter, the person staff identified.</summary>
public sealed record ClaimCommand(
    Guid AssetId,
    ClaimChannel Channel,
    Claimant Claimant,
    string? ClaimantCustomerId,
    string ClaimantName,
    string? PartnerCode,
    string? ConsentId,
    string PayeeBankCode,
    string PayeeAccount,
    DateOnly? ContactChangedOn,
    IReadOnlyList<string> Documents,
    string ClaimedBy);

/// <summary>
/// 지급청구: checks the claim's rules, asks the bank for the payee account's holder name, runs internal control's hold
/// rules and records the claim with its events. A claim that nothing holds is paid at once (<see cref="ClaimPayments"/>).
/// </summary>
public sealed class ClaimMaking(
    DormantAssetsDbContext db, IBankTransferPort bank, ClaimPayments payments, IOutbox outbox, IAuditTrail audit,
    IOptions<ClaimPolicy> policy, TimeProvider clock)
{
    public const string PayeeAccountMustExist = "PayeeAccountMustExist";

    public async Task<RefundClaim> MakeAsync(ClaimCommand command, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.SingleOrDefaultAsync(a => a.Id == command.AssetId, cancellationToken)
            ?? throw new NotFoundException($"Dormant asset {command.AssetId} does not exist.");
        var now = clock.GetUtcNow();
        var today = BusinessClock.SeoulDate(now);
        var interest = PostTransferInterest.For(asset.Amount, asset.TransferredOn, today);
        var openClaim = await db.Claims.AnyAsync(c => c.AssetId == asset.Id && RefundClaim.OpenStatuses.Contains(c.Status), cancellationToken);
        var rules = policy.Value;
        ClaimRules.EnsureClaimable(asset, command.ClaimantCustomerId, command.Channel, asset.Amount + interest, openClaim, rules);

        var holder = await bank.HolderNameAsync(command.PayeeBankCode, command.PayeeAccount, cancellationToken)
            ?? throw new DormantRuleException(PayeeAccountMustExist, "The bank knows no such account.");
        var windowStart = now.AddDays(-rules.RepeatWindowDays);
        var customerId = command.ClaimantCustomerId ?? asset.CustomerId;
        var recentClaims = await db.Claims.CountAsync(c => c.CustomerId == customerId && c.ClaimedAt >= windowStart, cancellationToken);
        var partnerClaims = command.PartnerCode is null ? 0
            : await db.Claims.CountAsync(c => c.PartnerCode == command.PartnerCode && c.ClaimedAt >= now.AddHours(-1), cancellationToken);
        var holds = HoldRules.Evaluate(
            new ClaimRiskFacts(asset.Amount + interest, SameName(holder, command.ClaimantName), recentClaims, partnerClaims, command.ContactChangedOn, today,
                command.Channel == ClaimChannel.InPerson),
            rules);

        var claim = RefundClaim.Make(
            Guid.CreateVersion7(), asset.Id, asset.CustomerId, command.Channel, command.Claimant, command.PartnerCode, command.ConsentId,
            asset.Amount, interest, command.PayeeBankCode, command.PayeeAccount, holder, holds, command.Documents, command.ClaimedBy, now);
        db.Claims.Add(claim);
        outbox.Publish(new DormantRefundClaimed
        {
            EventId = MessageIds.NewId(), ClaimId = claim.Id, AssetId = asset.Id, CustomerId = asset.CustomerId, Channel = command.Channel.ToString(),
            PartnerCode = command.PartnerCode, Principal = claim.Principal, Interest = claim.Interest, OccurredAt = now,
        });
        if (claim.Status == ClaimStatus.Held)
        {
            outbox.Publish(new DormantRefundHeld
            {
                EventId = MessageIds.NewId(), ClaimId = claim.Id, CustomerId = asset.CustomerId, Reasons = [.. claim.HoldCodes], OccurredAt = now,
            });
        }

        audit.Record(new AuditEntry(AuditAction.Create, "DormantRefundClaim", claim.Id.ToString())
        {
            Subject = new PersonalData.CustomerId(asset.CustomerId),
            Reason = command.ConsentId is null ? command.Channel.ToString() : $"{command.Channel}; consent: {command.ConsentId}",
            Changes = [new("status", null, claim.Status.ToString()), new("payout", null, claim.Payout.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new DormantRuleException(ClaimRules.AnotherClaimOpen, "Another claim for this asset is open.");
        }

        if (claim.Status == ClaimStatus.Approved)
        {
            await payments.TryPayAsync(claim.Id, cancellationToken);
        }

        return claim;
    }

    /// <summary>Holder names compare without blanks (banks print 홍 길동 and 홍길동 alike).</summary>
    internal static bool SameName(string a, string b) =>
        string.Equals(string.Concat(a.Where(c => !char.IsWhiteSpace(c))), string.Concat(b.Where(c => !char.IsWhiteSpace(c))), StringComparison.OrdinalIgnoreCase);
}
