namespace Seomin.Bench.Platform.Flows;

/// <summary>
/// 대위변제 through the gateway: wait until Subrogation has projected the guarantee and its accident (events), the
/// lender's claim (bankruptcy: claimable at once), review with the plan's payment date, approval by another person
/// (S1002 signed in), payment (opens the recourse claim), and a recovery on the recourse claim when planned. The
/// service dates a filing from its clock and refuses a payment date before the filing day
/// (<c>PaymentDateMustNotPrecedeFiling</c>), so payment and recovery are dated today, not on the plan's dates.
/// </summary>
internal static class SubrogationFlow
{
    public static async Task RunAsync(Actors actors, LiveGuarantee guarantee, TimeSpan projectionWait, Totals totals, AcceptedLog accepted, CancellationToken ct)
    {
        var plan = guarantee.Plan;
        var recourse = actors.Recourse;
        var deadline = DateTime.UtcNow + projectionWait;
        while (true)
        {
            var cover = await recourse.GetAsync("subrogation.cover (poll)", $"/api/subrogation/guarantees/{guarantee.GuaranteeId}", ct);
            if (cover.Ok && cover.Json!.Value.GetProperty("inAccident").GetBoolean() && cover.Json!.Value.GetProperty("guaranteeRatio").GetDecimal() > 0)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                totals.Add("subrogation.not-projected");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        var filed = await recourse.PostAsync("subrogation.claim", "/api/subrogation/claims", new
        {
            guaranteeId = guarantee.GuaranteeId,
            trigger = "Bankruptcy",
            principal = guarantee.LoanBalance,
            contractAnnualRate = 0.05m,
            interestPaidTo = plan.AccidentOn,
            claimedCosts = 0,
            payeeBankCode = "011",
            payeeAccount = "301-1234-5678-91",
            debtorRrn = plan.Rrn,
            debtorName = "홍길동",
        }, ct);
        if (!filed.Ok)
        {
            return;
        }

        totals.Add("subrogation.claims-filed");
        var claimId = filed.Str("id");
        if (!(await recourse.PostAsync("subrogation.review", $"/api/subrogation/claims/{claimId}/review", new { paymentDate = Modes.ReplayMode.SeoulToday(), approvedCosts = 0 }, ct)).Ok)
        {
            return;
        }

        if (!(await actors.RecourseChecker.PostAsync("subrogation.approval", $"/api/subrogation/claims/{claimId}/approval", null, ct)).Ok)
        {
            return;
        }

        var paid = await recourse.PostAsync("subrogation.payment", $"/api/subrogation/claims/{claimId}/payment", null, ct);
        if (!paid.Ok)
        {
            return;
        }

        var share = paid.Json!.Value.GetProperty("claim").GetProperty("payable").GetProperty("guarantorShare").GetInt64();
        var recourseId = paid.Str("recourseId");
        accepted.Write("subrogation-payment", claimId, share.ToString(System.Globalization.CultureInfo.InvariantCulture));
        totals.Add("subrogation.paid");
        totals.Add("subrogation.paid.won", share);
        totals.Add($"fund.{guarantee.FundCode}.subrogation.won", share);
        totals.Add("subrogation.accident-balance.won", guarantee.LoanBalance);
        if (plan.RecoveredOn is null)
        {
            return;
        }

        // A claim is filed today (the service dates the filing from its clock) and paid no earlier than that, so the
        // recourse claim and its recovery are today's whatever the plan's dates.
        var recoveredOn = Modes.ReplayMode.SeoulToday();

        var amount = Math.Max(1, share / 10);
        var recovered = await recourse.PostAsync("subrogation.recovery", $"/api/subrogation/recourse/{recourseId}/recoveries", new { amount, recoveredOn }, ct);
        if (recovered.Ok)
        {
            totals.Add("subrogation.recoveries");
            totals.Add("subrogation.recoveries.won", amount);
            totals.Add($"fund.{guarantee.FundCode}.recoveries.won", amount);
            accepted.Write("recovery", recourseId, amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
