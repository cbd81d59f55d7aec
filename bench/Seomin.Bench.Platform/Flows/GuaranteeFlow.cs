using System.Globalization;
using System.Text.Json;

namespace Seomin.Bench.Platform.Flows;

/// <summary>What the generator decided for one guarantee: its business dates and what happens to it in the year.</summary>
internal sealed record GuaranteePlan(int Index, string Rrn, long Amount, int TermMonths, DateOnly On)
{
    public DateOnly? PartialRepaymentOn { get; init; }

    public DateOnly? FullRepaymentOn { get; init; }

    public DateOnly? AccidentOn { get; init; }

    public DateOnly? CureOn { get; init; }

    /// <summary>The subrogation claim's payment date (the accident stays uncured).</summary>
    public DateOnly? ClaimPaidOn { get; init; }

    public DateOnly? RecoveredOn { get; init; }
}

/// <summary>A guarantee the gateway took to loan execution: what later flows need.</summary>
internal sealed record LiveGuarantee(GuaranteePlan Plan, string GuaranteeId, string FundCode, long LoanBalance, decimal GuaranteeRatio);

/// <summary>
/// 근로자햇살론 through the gateway as guarantee staff and the lender would: submission (Idempotency-Key), agreement,
/// issuance and loan execution on the plan's business date, the up-front fee paid that day, then the lender's notices
/// (a partial repayment, full repayment with its pro-rata fee refund, an accident and its cure) on their dates.
/// </summary>
internal static class GuaranteeFlow
{
    public static object Application(string rrn, long amount, int termMonths) => new
    {
        productCode = "WORKER_SUNSHINE",
        rrn,
        channel = "Branch",
        lenderCode = "081",
        requestedAmount = amount,
        termMonths,
        employmentMonths = 24,
        workingDaysLastThreeMonths = new[] { 22, 21, 22 },
        annualIncome = 30_000_000,
        creditScore = 700,
        creditPercentile = 40m,
        protectedGroup = false,
        feePaymentPlan = "Upfront",
    };

    public static async Task<LiveGuarantee?> RunAsync(Actors actors, GuaranteePlan plan, string runId, Totals totals, AcceptedLog accepted, CancellationToken ct)
    {
        var staff = actors.Guarantee;
        var key = $"{runId}-g{plan.Index}";
        var submitted = await staff.PostAsync("guarantee.submit", "/api/guarantees/applications", Application(plan.Rrn, plan.Amount, plan.TermMonths), ct, key);
        if (!submitted.Ok)
        {
            return null;
        }

        totals.Add("guarantee.submitted");
        if (submitted.Str("status") != "approved")
        {
            totals.Add("guarantee.not-approved");
            return null;
        }

        var id = submitted.Str("guaranteeId");
        accepted.Write("guarantee", id, key);
        var on = new { on = plan.On };
        if (!(await staff.PostAsync("guarantee.agreement", $"/api/guarantees/{id}/agreement", on, ct)).Ok)
        {
            return null;
        }

        var issued = await staff.PostAsync("guarantee.issuance", $"/api/guarantees/{id}/issuance", on, ct);
        if (!issued.Ok)
        {
            return null;
        }

        totals.Add("guarantee.issued");
        var loanAmount = issued.Long("approvedLoanAmount");
        var executed = await staff.PostAsync("guarantee.loan-executed", $"/api/guarantees/{id}/notices/loan-executed", new { executedOn = plan.On, loanAmount }, ct);
        if (!executed.Ok)
        {
            return null;
        }

        totals.Add("guarantee.loans-executed");
        totals.Add("guarantee.loans-executed.won", loanAmount);
        totals.Add("guarantee.guaranteed.won", executed.Long("guaranteedAmount"));
        var fundCode = executed.Json!.Value.GetProperty("fundCode").GetString() ?? "";
        var ratio = executed.Json!.Value.GetProperty("guaranteeRatio").GetDecimal();
        var fee = executed.Long("feesOutstanding");
        if (fee > 0)
        {
            var paid = await staff.PostAsync("guarantee.fee-payment", $"/api/guarantees/{id}/fees/payments", new { paidOn = plan.On, amount = fee }, ct);
            if (paid.Ok)
            {
                totals.Add("guarantee.fees-paid");
                totals.Add("guarantee.fees-paid.won", fee);
                totals.Add($"fund.{fundCode}.fees.won", fee);
                accepted.Write("fee-payment", id, $"{fee.ToString(CultureInfo.InvariantCulture)}\t{fundCode}");
            }
        }

        var balance = loanAmount;
        if (plan.PartialRepaymentOn is { } partialOn)
        {
            var amount = balance / 10;
            if ((await staff.PostAsync("guarantee.repayment", $"/api/guarantees/{id}/notices/repayments", new { repaidOn = partialOn, amount }, ct)).Ok)
            {
                balance -= amount;
                totals.Add("guarantee.repayments");
                totals.Add("guarantee.repayments.won", amount);
            }
        }

        if (plan.FullRepaymentOn is { } fullOn)
        {
            var repaid = await staff.PostAsync("guarantee.full-repayment", $"/api/guarantees/{id}/notices/full-repayment", new { on = fullOn }, ct);
            if (repaid.Ok)
            {
                totals.Add("guarantee.full-repayments");
                var refunded = await RefundedAsync(actors, id, ct);
                totals.Add("guarantee.fees-refunded.won", refunded);
                totals.Add($"fund.{fundCode}.refunds.won", refunded);
                if (refunded > 0)
                {
                    totals.Add("guarantee.fees-refunded");
                }

                return null;
            }
        }

        if (plan.AccidentOn is { } accidentOn)
        {
            var accident = await staff.PostAsync("guarantee.accident", $"/api/guarantees/{id}/notices/accidents", new { occurredOn = accidentOn, kind = "Default" }, ct);
            if (accident.Ok)
            {
                totals.Add("guarantee.accidents");
                totals.Add("guarantee.accidents.balance.won", balance);
                if (plan.CureOn is { } cureOn && (await staff.PostAsync("guarantee.cure", $"/api/guarantees/{id}/notices/cures", new { on = cureOn }, ct)).Ok)
                {
                    totals.Add("guarantee.cures");
                    totals.Add("guarantee.cures.balance.won", balance);
                }
            }
        }

        totals.Add("guarantee.live");
        totals.Add("guarantee.live.balance.won", balance);
        return new LiveGuarantee(plan, id, fundCode, balance, ratio);
    }

    /// <summary>The refund entries the full repayment wrote in the fee ledger (negative amounts, read back once).</summary>
    private static async Task<long> RefundedAsync(Actors actors, string id, CancellationToken ct)
    {
        var fees = await actors.Guarantee.GetAsync("guarantee.fees", $"/api/guarantees/{id}/fees", ct);
        if (!fees.Ok || fees.Json is not { } json || !json.TryGetProperty("ledger", out var ledger))
        {
            return 0;
        }

        long refunded = 0;
        foreach (var entry in ledger.EnumerateArray())
        {
            var kind = entry.GetProperty("kind").GetString() ?? "";
            if (kind.Contains("refund", StringComparison.OrdinalIgnoreCase) && entry.GetProperty("amount").ValueKind == JsonValueKind.Number)
            {
                refunded += Math.Abs(entry.GetProperty("amount").GetInt64());
            }
        }

        return refunded;
    }
}
