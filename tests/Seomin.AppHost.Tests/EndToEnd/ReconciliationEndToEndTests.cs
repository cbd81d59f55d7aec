using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Npgsql;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>
/// Reconciliation on the real platform (issue 18 item 1, docs/adr/0022), and issue 15's real-flow ledger test: the
/// contributions fund ledger against events from real Guarantee and Subrogation flows. One test, in order: the clean
/// flows and a clean run first, then the planted difference (it stays in today's books, so nothing may run after it).
/// </summary>
public sealed partial class EndToEndTests
{
    private const string Auditor = "dev-auditor";
    private const string Operator = "dev-operator";
    private const string ContributionsOfficer = "dev-contributions-officer";
    private const string FeesPaidRule = "guarantee fees paid → fund ledger";

    [Fact]
    public async Task Reconciliation_Issue15RealFlowsBookTheFundLedgerExactlyAndAClearRunHasNoDifference_ThenAFeeWhoseEventIsDroppedIsNamed()
    {
        using var staff = await ClientAsync(GuaranteeOfficer);
        using var recourse = await ClientAsync(RecourseOfficer);
        using var officer = await ClientAsync(ContributionsOfficer);
        using var auditor = await ClientAsync(Auditor);
        using var operatorClient = await ClientAsync(Operator);
        var today = SeoulToday;
        var ct = TestContext.Current.CancellationToken;

        // (a) Real flows: a guarantee issued, its fee paid with 10,000 won too much, the excess refunded; then an
        // accident, the lender's claim paid (Guarantee refunds the unused prepaid fee on SubrogationPaid) and a recovery.
        var rrn = SyntheticRrn.Adult(52);
        var issued = await TakeToLoanExecutedAsync(staff, Applications.WorkerSunshine(rrn), rrn);
        var fund = Str(issued.Guarantee, "fundCode");
        var fees = await staff.GetAsync($"/api/guarantees/{issued.GuaranteeId}/fees");
        AssertStatus(HttpStatusCode.OK, fees);
        var owed = fees.Json.GetProperty("feesOutstanding").GetInt64();
        Assert.True(owed > 0, $"the upfront fee is owed: {fees}");
        AssertStatus(HttpStatusCode.OK, await staff.PostAsync($"/api/guarantees/{issued.GuaranteeId}/fees/payments", new { paidOn = today, amount = owed + 10_000 }));
        AssertStatus(HttpStatusCode.OK, await staff.PostAsync($"/api/guarantees/{issued.GuaranteeId}/refunds", new { amount = 10_000 }));

        var (claimId, share, recoveryId, recovered) = await PayClaimAndRecoverAsync(staff, recourse, issued, rrn, today);
        await Probe.UntilAsync(
            async () =>
            {
                var guarantee = await staff.GetAsync($"/api/guarantees/{issued.GuaranteeId}");
                return guarantee.StatusCode == HttpStatusCode.OK && Str(guarantee.Json, "status") == "subrogated";
            },
            "the guarantee closed as subrogated", EventWait);

        // What Guarantee and Subrogation booked: every fee ledger entry (payment +, refunds −), the claim, the recovery.
        var ledger = (await staff.GetAsync($"/api/guarantees/{issued.GuaranteeId}/fees")).Json.GetProperty("ledger").EnumerateArray().ToList();
        Assert.Contains(ledger, e => Str(e, "kind") == "payment" && e.GetProperty("amount").GetInt64() == owed + 10_000);
        Assert.Contains(ledger, e => Str(e, "kind") == "overpaymentRefund" && e.GetProperty("amount").GetInt64() == -10_000);
        var expected = ledger.Where(e => e.GetProperty("amount").GetInt64() != 0)
            .Select(e => (Key: Str(e, "id"), Type: Str(e, "kind") == "payment" ? "guarantee.fee-paid" : "guarantee.fee-refunded", Won: Math.Abs(e.GetProperty("amount").GetInt64())))
            .Append((Key: claimId, Type: "subrogation.paid", Won: share))
            .Append((Key: recoveryId, Type: "subrogation.recourse-recovered", Won: recovered))
            .ToList();

        // Issue 15: the fund ledger holds exactly those postings, once each, in the guarantee's fund, for the same won.
        var postings = await Probe.UntilAsync(
            () => RecentPostingsAsync(officer, fund),
            found => expected.All(x => found.Any(p => Str(p, "sourceId") == x.Key)),
            $"the {expected.Count} postings of guarantee {issued.GuaranteeId} in fund {fund}", EventWait);
        foreach (var (key, type, won) in expected)
        {
            var posting = Assert.Single(postings, p => Str(p, "sourceId") == key);
            Assert.Equal(type, Str(posting, "sourceType"));
            Assert.Equal(won, posting.GetProperty("amount").GetInt64());
            Assert.Equal(fund, Str(posting, "fundCode"));
        }

        var clean = await RunAsync(operatorClient, today);
        Assert.True(clean.GetProperty("differences").GetInt32() == 0, $"a clean run has no real difference: {clean}");
        Assert.Empty(clean.GetProperty("unreachable").EnumerateArray());
        var cleanFees = Rule(clean, FeesPaidRule, fund);
        Assert.Equal(cleanFees.GetProperty("sourceWon").GetInt64(), cleanFees.GetProperty("targetWon").GetInt64());
        Assert.DoesNotContain(expected, x => clean.GetProperty("rules").EnumerateArray()
            .SelectMany(r => r.GetProperty("differences").EnumerateArray()).Any(d => Str(d, "key") == x.Key));

        // The internal endpoint is the services' own: the gateway does not route /internal/*, auditors only.
        var throughGateway = await auditor.GetAsync($"/internal/control-totals?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        Assert.True(throughGateway.StatusCode == HttpStatusCode.NotFound, $"the gateway must not route /internal: {throughGateway}");
        using (var direct = GatewayClient.ForToken(platform.App.GetEndpoint(ResourceNames.Guarantee), await GatewayClient.ClientTokenAsync(Gateway, Auditor)))
        {
            var totals = await direct.GetAsync($"/internal/control-totals?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&keys=true");
            AssertStatus(HttpStatusCode.OK, totals);
            Assert.Contains(totals.Json.GetProperty("measures").EnumerateArray(), m => Str(m, "measure") == "fees-paid"
                && m.GetProperty("keys").EnumerateArray().Any(k => Str(k, "key") == expected[0].Key));
        }

        // (b) The planted difference: a fee booked in Guarantee whose event never reaches Contributions. An open
        // transaction in guaranteedb holds the outbox relay back (it releases only rows of transactions older than every
        // open one, ADR 0003); the fee is booked behind it, its outbox row is marked delivered unpublished, then released.
        var rrn2 = SyntheticRrn.Adult(53);
        var second = await TakeToLoanExecutedAsync(staff, Applications.WorkerSunshine(rrn2), rrn2);
        string plantedKey;
        await using (var db = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.GuaranteeDb, ct)))
        {
            await db.OpenAsync(ct);
            await using var hold = await db.BeginTransactionAsync(ct);
            await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()::text", db, hold))
            {
                await xid.ExecuteScalarAsync(ct);
            }

            var paid = await staff.PostAsync($"/api/guarantees/{second.GuaranteeId}/fees/payments", new { paidOn = today, amount = 12_345 });
            AssertStatus(HttpStatusCode.OK, paid);
            plantedKey = Str(paid.Json.GetProperty("ledger").EnumerateArray().Single(e => Str(e, "kind") == "payment"), "id");
            await using (var drop = new NpgsqlCommand(
                "UPDATE guarantee.outbox_messages SET delivered_at = now() WHERE message_type = 'guarantee.fee-paid' AND delivered_at IS NULL AND body::jsonb ->> 'ledgerEntryId' = $1",
                db, hold))
            {
                drop.Parameters.Add(new NpgsqlParameter { Value = plantedKey });
                Assert.Equal(1, await drop.ExecuteNonQueryAsync(ct));
            }

            await hold.CommitAsync(ct);
        }

        // Within the settle window (15 s in Development) the missing posting may still be on its way; after it, real.
        var different = await Probe.UntilAsync(
            () => RunAsync(operatorClient, today),
            run => Rule(run, FeesPaidRule, fund).GetProperty("differences").EnumerateArray().Any(d => Str(d, "key") == plantedKey && !d.GetProperty("inFlight").GetBoolean()),
            $"a run naming fee {plantedKey} as a real difference", EventWait);
        Assert.Equal("different", Str(different, "status"), ignoreCase: true);
        Assert.True(different.GetProperty("differences").GetInt32() >= 1, different.ToString());
        var planted = Rule(different, FeesPaidRule, fund).GetProperty("differences").EnumerateArray().Single(d => Str(d, "key") == plantedKey);
        Assert.Equal("missingInTarget", Str(planted, "kind"), ignoreCase: true);
        Assert.Equal(12_345, planted.GetProperty("sourceWon").GetInt64());
        var runId = Str(different, "id");

        var report = await auditor.GetAsync($"/api/contributions/reconciliation/runs/{runId}/report");
        AssertStatus(HttpStatusCode.OK, report);
        Assert.Equal("text/html", report.ContentType);
        Assert.Contains(plantedKey, report.Body, StringComparison.Ordinal);
        Assert.Contains("Different", report.Body, StringComparison.Ordinal);

        // The event was published once the run was stored (NotifiedAt), and contributions' health says Degraded.
        var runs = await auditor.GetAsync("/api/contributions/reconciliation/runs?page=1&pageSize=20");
        AssertStatus(HttpStatusCode.OK, runs);
        var summary = runs.Json.GetProperty("items").EnumerateArray().Single(r => Str(r, "id") == runId);
        Assert.NotEqual(JsonValueKind.Null, summary.GetProperty("notifiedAt").ValueKind);
        using var health = new HttpClient { BaseAddress = platform.App.GetEndpoint(ResourceNames.Contributions) };
        var body = JsonDocument.Parse(await health.GetStringAsync("/health", ct)).RootElement;
        Assert.Equal("Degraded", Str(body.GetProperty("checks").GetProperty("reconciliation"), "status"));
        Assert.Equal("Degraded", Str(body, "status"));
        AssertRrnNeverEchoed(rrn, staff, recourse, officer, auditor);
        AssertRrnNeverEchoed(rrn2, staff, recourse, officer, auditor);
    }

    /// <summary>Accident, the lender's claim (reviewed, approved by another person, paid) and one recovery of a tenth.</summary>
    private static async Task<(string ClaimId, long Share, string RecoveryId, long Recovered)> PayClaimAndRecoverAsync(
        GatewayClient staff, GatewayClient recourse, IssuedGuarantee issued, string rrn, DateOnly today)
    {
        var loanBalance = issued.Guarantee.GetProperty("loanBalance").GetInt64();
        var claimId = await FileReviewedBankruptcyClaimAsync(staff, recourse, issued.GuaranteeId, loanBalance, rrn, today);
        var checkerTokens = await StaffSignIn.SignInAsync(recourse.BaseAddress, "S1002", "openid subrogation", "reconciliation-approval-checker");
        using (var checker = GatewayClient.ForToken(recourse.BaseAddress, checkerTokens.AccessToken))
        {
            AssertStatus(HttpStatusCode.OK, await checker.PostAsync($"/api/subrogation/claims/{claimId}/approval", null));
        }

        var paid = await recourse.PostAsync($"/api/subrogation/claims/{claimId}/payment", null);
        AssertStatus(HttpStatusCode.OK, paid);
        var recourseId = Str(paid.Json, "recourseId");
        var share = paid.Json.GetProperty("claim").GetProperty("payable").GetProperty("guarantorShare").GetInt64();
        var amount = share / 10;
        var recovered = await recourse.PostAsync($"/api/subrogation/recourse/{recourseId}/recoveries", new { amount, recoveredOn = today });
        AssertStatus(HttpStatusCode.Created, recovered);
        return (claimId, share, Str(recovered.Json, "recoveryId"), amount);
    }

    /// <summary>The fund's newest postings (the last two pages of its ledger, in sequence order).</summary>
    private static async Task<List<JsonElement>> RecentPostingsAsync(GatewayClient officer, string fund)
    {
        var first = await officer.GetAsync($"/api/contributions/funds/{fund}/entries?page=1&pageSize=1");
        AssertStatus(HttpStatusCode.OK, first);
        var pages = (int)Math.Ceiling(first.Json.GetProperty("totalCount").GetInt64() / 100.0);
        var items = new List<JsonElement>();
        for (var page = Math.Max(1, pages - 1); page <= pages; page++)
        {
            var response = await officer.GetAsync($"/api/contributions/funds/{fund}/entries?page={page}&pageSize=100");
            AssertStatus(HttpStatusCode.OK, response);
            items.AddRange(response.Json.GetProperty("items").EnumerateArray());
        }

        return items;
    }

    /// <summary>
    /// An on-demand run for one Seoul day, as stored: started by an operator (auditors only read through the gateway;
    /// the service admits operators and auditors, the scheduled job runs as the auditor client).
    /// </summary>
    private static async Task<JsonElement> RunAsync(GatewayClient operatorClient, DateOnly day)
    {
        var run = await operatorClient.PostAsync("/api/contributions/reconciliation/runs", new { from = day, to = day });
        AssertStatus(HttpStatusCode.Created, run);
        return run.Json;
    }

    private static JsonElement Rule(JsonElement run, string rule, string fund) =>
        run.GetProperty("rules").EnumerateArray().Single(r => Str(r, "rule") == rule && r.GetProperty("fundCode").GetString() == fund);
}
