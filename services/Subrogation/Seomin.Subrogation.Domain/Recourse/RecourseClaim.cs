using Seomin.Subrogation.Domain.Grading;
using Seomin.Subrogation.Domain.Relief;
using Seomin.Subrogation.Domain.Rules;

namespace Seomin.Subrogation.Domain.Recourse;

/// <summary>Which book a claim is in: 구상채권 until written off, then 특수채권 (still collected).</summary>
public enum RecourseCategory
{
    Recourse,
    Special,
}

public enum RecourseStatus
{
    /// <summary>추심 중.</summary>
    Collecting,

    /// <summary>분할상환 약정 이행 중.</summary>
    Instalment,

    /// <summary>상환유예 (board resolution recorded).</summary>
    Deferred,

    /// <summary>개인회생 or 신용회복 running: collection stays.</summary>
    CollectionStayed,

    /// <summary>전액 회수.</summary>
    Repaid,

    /// <summary>매각 to KAMCO or an SPC.</summary>
    Sold,

    /// <summary>소각: management ended, the debt given up.</summary>
    Extinguished,

    /// <summary>면제 on the debtor's death or disability (서민금융법 제54조제6항).</summary>
    Exempted,
}

/// <summary>Why the limitation period restarted (민법 제168조: 청구, 압류·가압류·가처분, 승인).</summary>
public enum LimitationInterruption
{
    /// <summary>A judicial claim such as a payment order (지급명령) that became final.</summary>
    JudicialClaim,

    /// <summary>압류·가압류·가처분.</summary>
    Seizure,

    /// <summary>The debtor acknowledged the debt, e.g. by paying part of it or agreeing an instalment plan.</summary>
    Acknowledgement,
}

/// <summary>How a 개인회생 or 신용회복 case registered on a claim ended.</summary>
public enum ReliefOutcome
{
    /// <summary>면책 or the plan completed: the claim is extinguished (소각).</summary>
    Discharged,

    /// <summary>기각·폐지·실효: the stay ends and collection resumes.</summary>
    Dismissed,
}

/// <summary>How a recovery was applied: costs first, then the late charge, then principal (docs/adr/0016).</summary>
public sealed record RecoveryAllocation(long Costs, long LateCharge, long Principal)
{
    public long Total => Costs + LateCharge + Principal;
}

/// <summary>The balance of a claim as of a day: principal, late charge (손해금) and costs, in won.</summary>
public sealed record RecourseBalance(DateOnly AsOf, long Principal, long LateCharge, long Costs)
{
    public long Total => Principal + LateCharge + Costs;
}

/// <summary>
/// A recourse claim (구상채권) against the debtor, opened by the subrogation payment. The late charge accrues daily on the
/// unpaid principal from the payment date at the dated rate (<see cref="LateChargeRates"/>): the exact won-days are kept
/// and truncated once when read, so the charge never depends on how often it is brought up to date. Recoveries go to
/// costs, then late charge, then principal, and can never exceed what is owed.
/// </summary>
public sealed class RecourseClaim
{
    private RecourseClaim()
    {
    }

    public Guid Id { get; private set; }

    public Guid ClaimId { get; private set; }

    public Guid GuaranteeId { get; private set; }

    public string CustomerId { get; private set; } = "";

    public string FundCode { get; private set; } = "";

    public DateOnly OpenedOn { get; private set; }

    public long OpeningPrincipal { get; private set; }

    public long Principal { get; private set; }

    public long Costs { get; private set; }

    /// <summary>The late charge accrued through <see cref="AccruedThrough"/>, exact (not truncated).</summary>
    public decimal LateChargeAccrued { get; private set; }

    public DateOnly AccruedThrough { get; private set; }

    public long LateChargePaid { get; private set; }

    public long LateChargeWaived { get; private set; }

    /// <summary>No late charge accrues while an instalment plan with a waiver is kept.</summary>
    public bool LateChargeSuspended { get; private set; }

    public RecourseCategory Category { get; private set; } = RecourseCategory.Recourse;

    public RecourseStatus Status { get; private set; } = RecourseStatus.Collecting;

    /// <summary>The day the ten-year limitation (서민금융법 제54조제5항) last started to run.</summary>
    public DateOnly LimitationRunsFrom { get; private set; }

    /// <summary>Stored (not computed) so the work queue and the nightly job can read it in SQL.</summary>
    public DateOnly LimitationExpiresOn { get; private set; }

    /// <summary>What last interrupted the limitation (null while it runs from the payment).</summary>
    public LimitationInterruption? LimitationInterruptedBy { get; private set; }

    /// <summary>Assets of the debtor are known (a seizure was made or property was disclosed): a grading fact.</summary>
    public bool HasKnownAssets { get; private set; }

    /// <summary>The recourse officer whose work queue the claim's deadlines appear in (employee number).</summary>
    public string? AssignedOfficer { get; private set; }

    /// <summary>The grade as of <see cref="GradedOn"/>, stored so the nightly job can bring it up to a date in SQL.</summary>
    public RecourseGrade Grade { get; private set; } = RecourseGrade.D;

    public string GradeRule { get; private set; } = "";

    public DateOnly GradedOn { get; private set; }

    public DateOnly? LastRecoveryOn { get; private set; }

    public InstalmentPlan? Plan { get; private set; }

    public long? SalePrice { get; private set; }

    public string? Buyer { get; private set; }

    public DateOnly? ClosedOn { get; private set; }

    public bool IsOpen => Status is not (RecourseStatus.Repaid or RecourseStatus.Sold or RecourseStatus.Extinguished or RecourseStatus.Exempted);

    /// <summary>Opens the claim for what the guarantor paid on <paramref name="paidOn"/>.</summary>
    public static RecourseClaim Open(Guid id, Guid claimId, Guid guaranteeId, string customerId, string fundCode, long paidAmount, DateOnly paidOn)
    {
        if (paidAmount <= 0)
        {
            throw new SubrogationRuleException("RecoursePrincipalMustBePositive", "A recourse claim opens for a positive paid amount.");
        }

        return new RecourseClaim
        {
            Id = id,
            ClaimId = claimId,
            GuaranteeId = guaranteeId,
            CustomerId = customerId,
            FundCode = fundCode,
            OpenedOn = paidOn,
            OpeningPrincipal = paidAmount,
            Principal = paidAmount,
            AccruedThrough = paidOn,
            LimitationRunsFrom = paidOn,
            LimitationExpiresOn = LegalPeriods.Limitation.From(paidOn),
            GradedOn = paidOn,
        };
    }

    /// <summary>The facts the grade is computed from, as they stand.</summary>
    public GradingFacts GradingFacts => new(
        OpenedOn, LastRecoveryOn, Status == RecourseStatus.Instalment && Plan?.Status == InstalmentPlanStatus.Current,
        HasKnownAssets, Status == RecourseStatus.CollectionStayed, LimitationExpiresOn, Principal + Costs + LateChargeDue);

    /// <summary>Recomputes the stored grade as of <paramref name="on"/> from the current facts (docs/adr/0016).</summary>
    public (RecourseGrade Grade, GradingRule Rule) Regrade(DateOnly on)
    {
        var graded = RecourseGrading.Grade(GradingFacts, on);
        Grade = graded.Grade;
        GradeRule = graded.Rule.Name;
        GradedOn = on;
        return graded;
    }

    /// <summary>Assigns the claim to a recourse officer's work queue.</summary>
    public void AssignTo(string officer)
    {
        RequireOpen("assign");
        AssignedOfficer = string.IsNullOrWhiteSpace(officer)
            ? throw new SubrogationRuleException("OfficerMustBeNamed", "An assignment names the officer's employee number.")
            : officer.Trim();
    }

    /// <summary>A seizure or a property disclosure showed what the debtor owns.</summary>
    public void RecordKnownAssets() => HasKnownAssets = true;

    /// <summary>Brings the late charge up to <paramref name="day"/> (exclusive of nothing: every day after the last accrual up to and including it).</summary>
    public void AccrueTo(DateOnly day)
    {
        if (day <= AccruedThrough)
        {
            return;
        }

        if (!LateChargeSuspended && IsOpen && Principal > 0)
        {
            // One segment per rate in force; the principal is constant between two events.
            var from = AccruedThrough;
            while (from < day)
            {
                var rate = LateChargeRates.For(from.AddDays(1));
                var nextChange = LateChargeRates.All.Where(r => r.EffectiveFrom > from.AddDays(1)).Select(r => (DateOnly?)r.EffectiveFrom).Min();
                var to = nextChange is { } change && change.AddDays(-1) < day ? change.AddDays(-1) : day;
                LateChargeAccrued += Principal * rate.AnnualRate * (to.DayNumber - from.DayNumber) / 365m;
                from = to;
            }
        }

        AccruedThrough = day;
    }

    public RecourseBalance BalanceOn(DateOnly day)
    {
        AccrueTo(day);
        return new RecourseBalance(day, Principal, LateChargeDue, Costs);
    }

    /// <summary>Late charge owed now: the accrued won-days truncated once, less what was paid or waived.</summary>
    public long LateChargeDue => Won.Truncate(LateChargeAccrued) - LateChargePaid - LateChargeWaived;

    /// <summary>Legal or collection costs the guarantor spent (소송비용, 집행비용), recoverable from the debtor.</summary>
    public void AddCost(long amount, DateOnly on)
    {
        RequireOpen("add a cost");
        if (amount <= 0)
        {
            throw new SubrogationRuleException("CostMustBePositive", "A cost is a positive whole-won amount.");
        }

        AccrueForEntry(on);
        Costs += amount;
    }

    /// <summary>A recovery (회수) from the debtor: costs → late charge → principal; more than the balance is refused.</summary>
    public RecoveryAllocation Recover(long amount, DateOnly on)
    {
        RequireOpen("recover");
        if (amount <= 0)
        {
            throw new SubrogationRuleException("RecoveryMustBePositive", "A recovery is a positive whole-won amount.");
        }

        AccrueForEntry(on);
        var balance = Costs + LateChargeDue + Principal;
        if (amount > balance)
        {
            throw new SubrogationRuleException("RecoveryMustNotExceedBalance", $"The recovery exceeds the balance of {balance} won on {on:yyyy-MM-dd}.");
        }

        var toCosts = Math.Min(amount, Costs);
        var toLate = Math.Min(amount - toCosts, LateChargeDue);
        var toPrincipal = amount - toCosts - toLate;
        Costs -= toCosts;
        LateChargePaid += toLate;
        Principal -= toPrincipal;
        LastRecoveryOn = on;

        // A payment acknowledges the debt: the limitation starts again (민법 제168조제3호).
        InterruptLimitation(LimitationInterruption.Acknowledgement, on);
        if (Plan is { } plan)
        {
            plan.Apply(amount, on);
            if (plan.Status == InstalmentPlanStatus.Completed)
            {
                LateChargeSuspended = false;
            }
        }

        if (Principal == 0 && Costs == 0 && LateChargeDue == 0)
        {
            Status = RecourseStatus.Repaid;
            ClosedOn = on;
        }

        return new RecoveryAllocation(toCosts, toLate, toPrincipal);
    }

    /// <summary>
    /// The limitation starts again from <paramref name="on"/> (민법 제168조, 제178조: 청구 (from the day the title is
    /// final), 압류·가압류·가처분, 승인). An interruption dated before the current start changes nothing.
    /// </summary>
    public void InterruptLimitation(LimitationInterruption reason, DateOnly on)
    {
        if (on > LimitationRunsFrom)
        {
            LimitationRunsFrom = on;
            LimitationExpiresOn = LegalPeriods.Limitation.From(on);
            LimitationInterruptedBy = reason;
        }
    }

    /// <summary>
    /// An instalment agreement (분할상환 약정) over the whole balance on <paramref name="on"/>; with a waiver the late
    /// charge owed is waived and stops accruing while the plan is kept (서민금융법 제55조).
    /// </summary>
    public InstalmentPlan AgreeInstalments(Guid planId, int count, DateOnly firstDueOn, bool waiveLateCharge, DateOnly on)
    {
        Require("agree an instalment plan", RecourseStatus.Collecting, RecourseStatus.Deferred);
        AccrueForEntry(on);
        if (waiveLateCharge)
        {
            LateChargeWaived += LateChargeDue;
            LateChargeSuspended = true;
        }

        var total = Principal + Costs + LateChargeDue;
        Plan = InstalmentPlan.Agree(planId, total, count, firstDueOn, waiveLateCharge);
        Status = RecourseStatus.Instalment;
        InterruptLimitation(LimitationInterruption.Acknowledgement, on);
        return Plan;
    }

    /// <summary>
    /// Applies the plan's default rule; on default collection resumes and the late charge accrues again from that day
    /// (what was waived stays waived). Returns true when the plan defaulted now.
    /// </summary>
    public bool CheckPlan(DateOnly on)
    {
        if (Plan is not { } plan || Status != RecourseStatus.Instalment)
        {
            return false;
        }

        AccrueForEntry(on);
        if (!plan.Evaluate(on))
        {
            return false;
        }

        Status = RecourseStatus.Collecting;
        LateChargeSuspended = false;
        return true;
    }

    /// <summary>Reinstates a defaulted plan once its arrears are paid.</summary>
    public void ReinstatePlan(DateOnly on)
    {
        Require("reinstate the plan", RecourseStatus.Collecting);
        if (Plan is not { } plan || plan.Status != InstalmentPlanStatus.Current || plan.Arrears(on).Count > 0)
        {
            throw new SubrogationRuleException("PlanArrearsMustBePaidToReinstate", "A plan is reinstated only when it exists and its arrears are paid.");
        }

        AccrueForEntry(on);
        Status = RecourseStatus.Instalment;
        LateChargeSuspended = plan.LateChargeWaived;
    }

    /// <summary>상환유예, granted by a board resolution whose reference is recorded by the API.</summary>
    public void Defer(DateOnly on)
    {
        Require("defer", RecourseStatus.Collecting);
        AccrueForEntry(on);
        Status = RecourseStatus.Deferred;
    }

    public void EndDeferral(DateOnly on)
    {
        Require("end the deferral", RecourseStatus.Deferred);
        AccrueForEntry(on);
        Status = RecourseStatus.Collecting;
    }

    /// <summary>개인회생 or 신용회복 registered: collection stays while it runs.</summary>
    public void StayCollection(DateOnly on)
    {
        Require("stay collection", RecourseStatus.Collecting, RecourseStatus.Instalment, RecourseStatus.Deferred);
        AccrueForEntry(on);
        Status = RecourseStatus.CollectionStayed;
    }

    public void ResumeCollection(DateOnly on)
    {
        Require("resume collection", RecourseStatus.CollectionStayed);
        AccrueForEntry(on);
        Status = RecourseStatus.Collecting;
    }

    /// <summary>
    /// The 개인회생 or 신용회복 case ended in discharge (면책, or the repayment plan was completed): the rest of the claim
    /// is extinguished (소각). Returns the principal extinguished.
    /// </summary>
    public long Discharge(DateOnly on)
    {
        Require("discharge", RecourseStatus.CollectionStayed);
        AccrueForEntry(on);
        var principal = Principal;
        Close(RecourseStatus.Extinguished, on);
        return principal;
    }

    /// <summary>원금감면: reduces the principal by <paramref name="amount"/> (at most the principal).</summary>
    public void ReducePrincipal(long amount, DateOnly on)
    {
        RequireOpen("reduce the principal");
        AccrueForEntry(on);
        if (amount <= 0 || amount > Principal)
        {
            throw new SubrogationRuleException("ReductionMustNotExceedPrincipal", $"A reduction is between 1 and the principal of {Principal} won.");
        }

        Principal -= amount;
    }

    /// <summary>상각: the claim moves to the special-claims book (특수채권) and is still collected. Returns the book value moved.</summary>
    public long WriteOff(DateOnly on)
    {
        RequireOpen("write off");
        if (Category == RecourseCategory.Special)
        {
            throw new IllegalStateTransitionException("written off", "write off");
        }

        AccrueForEntry(on);
        Category = RecourseCategory.Special;
        return Principal;
    }

    /// <summary>매각 to <paramref name="buyer"/> for <paramref name="price"/>: management ends. Returns the book value sold.</summary>
    public long Sell(string buyer, long price, DateOnly on)
    {
        RequireOpen("sell");
        if (price < 0 || string.IsNullOrWhiteSpace(buyer))
        {
            throw new SubrogationRuleException("SaleNeedsBuyerAndPrice", "A sale names the buyer and a price of at least 0 won.");
        }

        AccrueForEntry(on);
        var bookValue = Principal;
        Buyer = buyer.Trim();
        SalePrice = price;
        Close(RecourseStatus.Sold, on);
        return bookValue;
    }

    /// <summary>소각: the debt is given up and management ends. Returns the principal extinguished.</summary>
    public long Extinguish(DateOnly on)
    {
        RequireOpen("extinguish");
        AccrueForEntry(on);
        var principal = Principal;
        Close(RecourseStatus.Extinguished, on);
        return principal;
    }

    /// <summary>면제 on the debtor's death or disability (서민금융법 제54조제6항). Returns the principal exempted.</summary>
    public long Exempt(DateOnly on)
    {
        RequireOpen("exempt");
        AccrueForEntry(on);
        var principal = Principal;
        Close(RecourseStatus.Exempted, on);
        return principal;
    }

    /// <summary>Entries are made in date order: one dated before the last accrual would change charges already accrued.</summary>
    private void AccrueForEntry(DateOnly on)
    {
        if (on < AccruedThrough)
        {
            throw new SubrogationRuleException("EntriesMustBeInDateOrder", $"The claim is brought up to {AccruedThrough:yyyy-MM-dd}; an entry cannot be dated before that.");
        }

        AccrueTo(on);
    }

    private void Close(RecourseStatus status, DateOnly on)
    {
        Status = status;
        ClosedOn = on;
        LateChargeSuspended = true;
    }

    private void RequireOpen(string action)
    {
        if (!IsOpen)
        {
            throw new IllegalStateTransitionException(Status.ToString(), action);
        }
    }

    private void Require(string action, params RecourseStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new IllegalStateTransitionException(Status.ToString(), action);
        }
    }
}
