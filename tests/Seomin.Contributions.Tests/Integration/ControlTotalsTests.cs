using System.Net;
using System.Text.Json;
using Seomin.Contracts.Contributions;
using Seomin.Contracts.Guarantee;
using Seomin.Contracts.Subrogation;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.Contributions.Tests.Integration;

/// <summary>
/// The contributions service's control totals for reconciliation (docs/adr/0022), from data it booked through its
/// consumers and its payment API. 2018-07 (fund events) and 2023-08/09 (institution 126) are this test's own.
/// </summary>
public sealed partial class ContributionsApiTests
{
    private const string ControlTotals = "/internal/control-totals";

    [Fact]
    public async Task Control_totals_report_each_ledger_posting_under_the_key_it_was_booked_from_and_a_payment_as_the_won_received()
    {
        const string fund = FundCodes.IncheonBase;
        var feeEntry = Guid.NewGuid();
        var refundEntry = Guid.NewGuid();
        var claim = Guid.NewGuid();
        var recovery = Guid.NewGuid();
        // 2018-07-10 10:00 in Seoul: the fee events are dated by when they happened (they carry no business date).
        var at = new DateTimeOffset(2018, 7, 10, 1, 0, 0, TimeSpan.Zero);
        Guid[] ids = [MessageIds.NewId(), MessageIds.NewId(), MessageIds.NewId(), MessageIds.NewId()];
        await App.PublishAsync(new GuaranteeFeePaid { EventId = ids[0], GuaranteeId = Guid.NewGuid(), LedgerEntryId = feeEntry, CustomerId = "C-R", Amount = 410_000, FundCode = fund, OccurredAt = at }, ids[0]);
        await App.PublishAsync(new GuaranteeFeeRefunded
        {
            EventId = ids[1], GuaranteeId = Guid.NewGuid(), LedgerEntryId = refundEntry, CustomerId = "C-R", Amount = 30_000, Reason = "OverpaymentRefund", FundCode = fund, OccurredAt = at,
        }, ids[1]);
        await App.PublishAsync(new SubrogationPaid
        {
            EventId = ids[2], ClaimId = claim, GuaranteeId = Guid.NewGuid(), CustomerId = "C-R", LenderCode = "081", FundCode = fund, Amount = 2_700_000,
            PaidOn = new DateOnly(2018, 7, 11), OccurredAt = at,
        }, ids[2]);
        await App.PublishAsync(new RecourseRecovered
        {
            EventId = ids[3], RecourseId = Guid.NewGuid(), RecoveryId = recovery, CustomerId = "C-R", FundCode = fund, Amount = 270_000, ToCosts = 0, ToLateCharge = 0,
            ToPrincipal = 270_000, RecoveredOn = new DateOnly(2018, 7, 31), OccurredAt = at,
        }, ids[3]);

        var july = await Probe.UntilAsync(
            () => TotalsAsync("2018-07-01", "2018-07-31"),
            r => Keys(r, "ledger-recoveries", fund).Count == 1 && Keys(r, "ledger-guarantee-fees", fund).Count == 1
                && Keys(r, "ledger-fee-refunds", fund).Count == 1 && Keys(r, "ledger-subrogation-payments", fund).Count == 1,
            "the four fund events in July 2018's control totals");
        Assert.Equal("contributions", july.GetProperty("service").GetString());
        Assert.Equal([(feeEntry.ToString(), 410_000L)], Keys(july, "ledger-guarantee-fees", fund));
        Assert.Equal([(refundEntry.ToString(), 30_000L)], Keys(july, "ledger-fee-refunds", fund));
        Assert.Equal([(claim.ToString(), 2_700_000L)], Keys(july, "ledger-subrogation-payments", fund));
        Assert.Equal([(recovery.ToString(), 270_000L)], Keys(july, "ledger-recoveries", fund));
        var recoveries = Measure(july, "ledger-recoveries", fund);
        Assert.Equal((1L, 270_000L), (recoveries.GetProperty("count").GetInt64(), recoveries.GetProperty("won").GetInt64()));
        // A day either side leaves the recovery of the 31st out (the period is of Seoul dates, both ends included).
        Assert.Empty(Keys(await TotalsAsync("2018-07-01", "2018-07-30"), "ledger-recoveries", fund));

        // A payment of 65,000 for an assessment of 60,000 (2.4e9 × 0.03% ÷ 12): 60,000 applied + 5,000 held, two
        // postings, reported as one key of 65,000 on both sides.
        var officer = App.Officer("S5020");
        await officer.PostJsonAsync(Filings, Filing("126", "2023-08", 2_400_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Runs, new { month = "2023-08" }).JsonAsync(HttpStatusCode.OK);
        var assessment = await AssessedAsync("126", "2023-08");
        var paid = await officer.PostJsonAsync("/api/contributions/payments", new { bankReference = "R-126-1", amount = 65_000, receivedOn = "2023-09-12", institutionCode = "126", assessmentId = assessment.Id })
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(5_000, paid.Long("unapplied"));
        var payment = paid.Str("id");
        var september = await TotalsAsync("2023-09-01", "2023-09-30");
        Assert.Contains((payment, 65_000L), Keys(september, "contributions-paid", FundCodes.KinfaSupplementary));
        Assert.Contains((payment, 65_000L), Keys(september, "ledger-contributions", FundCodes.KinfaSupplementary));
        Assert.DoesNotContain(Keys(september, "ledger-contributions", FundCodes.KinfaSupplementary), k => k.Key.Contains(':', StringComparison.Ordinal));

        // The message flow: the balance events of today's postings are this service's outbox rows of today.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var balances = (await TotalsAsync(today, today)).GetProperty("messages").GetProperty("published").EnumerateArray()
            .Single(p => p.GetProperty("messageType").GetString() == "contributions.guarantee-fund-balance-changed");
        Assert.True(balances.GetProperty("delivered").GetInt64() + balances.GetProperty("pending").GetInt64() >= 6, balances.ToString());

        // Officers may not read it; a bad period is a validation problem naming the field.
        Assert.Equal(HttpStatusCode.Forbidden, (await App.Officer("S5021").GetAsync($"{ControlTotals}?from=2018-07-01&to=2018-07-31")).StatusCode);
        var bad = await App.Auditor().GetAsync($"{ControlTotals}?from=2018-07-31&to=2018-07-01").JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["to"], bad.Errors());
    }

    private async Task<JsonElement> TotalsAsync(string from, string to) =>
        await App.Auditor().GetAsync($"{ControlTotals}?from={from}&to={to}&keys=true").JsonAsync(HttpStatusCode.OK);

    private static JsonElement Measure(JsonElement report, string measure, string fund) =>
        report.GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("measure").GetString() == measure && m.GetProperty("fundCode").GetString() == fund);

    private static List<(string Key, long Won)> Keys(JsonElement report, string measure, string fund) =>
        [.. report.GetProperty("measures").EnumerateArray()
            .Where(m => m.GetProperty("measure").GetString() == measure && m.GetProperty("fundCode").GetString() == fund)
            .SelectMany(m => m.GetProperty("keys").EnumerateArray())
            .Select(k => (k.GetProperty("key").GetString()!, k.GetProperty("won").GetInt64()))];
}
