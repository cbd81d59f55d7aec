using Microsoft.Extensions.Options;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain;
using Seomin.Guarantee.Domain.Capacity;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.Guarantee.Domain.Products;
using Seomin.Guarantee.Domain.Screening;

namespace Seomin.Guarantee.Api.Features;

/// <summary>Turns an approved application into a guarantee at the fee rate the customer has earned.</summary>
public sealed class GuaranteeApprover(GuaranteeDbContext db, IOptions<GuaranteeOptions> options, BusinessClock clock)
{
    /// <summary>
    /// Staff approvals re-check capacity at decision time: the multiple may have moved since screening. This reads
    /// the capacity row for a clear reason; the ledger trigger makes the final, race-free check at insert.
    /// </summary>
    public async Task EnsureCapacityAsync(ProductVersion product, long loanAmount, CancellationToken ct)
    {
        var ledger = await CapacityLedger.ReadAsync(db, product.FundCode, ct);
        var decision = CapacityRule.Check(ledger.OutstandingGuaranteed, ledger.FundBalance, options.Value.Capacity.For(product.FundCode).OperatingMultiple,
            GuaranteeAmounts.Guaranteed(loanAmount, product.GuaranteeRatio));
        if (!decision.Allowed)
        {
            throw new GuaranteeRuleException(CapacityRule.GuaranteesMustStayWithinOperatingMultiple, decision.Reason);
        }
    }

    /// <summary>The refusal when the ledger trigger refused the insert (a concurrent approval took the room).</summary>
    public async Task<GuaranteeRuleException> CapacityRefusalAsync(ProductVersion product, long loanAmount, CancellationToken ct)
    {
        var ledger = await CapacityLedger.ReadAsync(db, product.FundCode, ct);
        var decision = CapacityRule.Check(ledger.OutstandingGuaranteed, ledger.FundBalance, options.Value.Capacity.For(product.FundCode).OperatingMultiple,
            GuaranteeAmounts.Guaranteed(loanAmount, product.GuaranteeRatio));
        return new GuaranteeRuleException(CapacityRule.GuaranteesMustStayWithinOperatingMultiple, decision.Reason);
    }

    public async Task<CreditGuarantee> CreateAsync(
        GuaranteeApplication application, ProductVersion product, FeePaymentPlan plan, CancellationToken ct, FeeIncentives? incentives = null)
    {
        var approvedOn = clock.Today;
        incentives ??= await Incentives.ForAsync(db, application.CustomerId, approvedOn, application.Profile.ProtectedGroup, ct);
        var guarantee = new CreditGuarantee(
            Guid.CreateVersion7(), application.Id, application.CustomerId, product.Code, product.Version, application.LenderCode,
            application.ApprovedAmount!.Value, product.GuaranteeRatio, product.FeeRateFor(incentives, plan, application.TermMonths), product.FeeRateCapOn(approvedOn),
            application.TermMonths, plan, approvedOn, product.FundCode, product.AdditionalFeeRate);
        guarantee.RecordBranch(application.BranchCode);
        db.Guarantees.Add(guarantee);
        application.AttachGuarantee(guarantee.Id);
        return guarantee;
    }
}
