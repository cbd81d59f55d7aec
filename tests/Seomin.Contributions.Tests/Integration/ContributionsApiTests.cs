using System.Net;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Contributions;
using Seomin.Contracts.Subrogation;
using Seomin.Contributions.Api.Data;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.Contributions.Tests.Integration;

/// <summary>
/// The contributions service on real PostgreSQL and RabbitMQ. Tests share one app and keep apart by institution and
/// month: 2024 is reserved for the subrogation-index test (its filings are the prior year of 2025).
/// </summary>
public sealed partial class ContributionsApiTests(ContributionsAppFixture fixture) : IClassFixture<ContributionsAppFixture>
{
    private const string Filings = "/api/contributions/filings";
    private const string Runs = "/api/contributions/assessments/runs";
    private ContributionsApp App => fixture.App;

    private static object Filing(string code, string month, long loan, long guaranteed) =>
        new { institutionCode = code, month, averageLoanBalance = loan, averageGuaranteedBalance = guaranteed, evidence = new[] { new { fileName = $"{code}-{month}.pdf" } } };

    private async Task<JsonElementAssessment> AssessedAsync(string code, string month)
    {
        var page = await App.Officer("S5001").GetAsync($"/api/contributions/assessments?institutionCode={code}&month={month}").JsonAsync(HttpStatusCode.OK);
        return new JsonElementAssessment(page.GetProperty("items").EnumerateArray().Single());
    }

    [Fact]
    public async Task The_seed_has_88_institutions_in_3_sectors_and_an_institution_client_sees_only_itself()
    {
        var all = await App.Auditor().GetAsync("/api/contributions/institutions?pageSize=100").JsonAsync(HttpStatusCode.OK);
        Assert.Equal(88, all.GetProperty("totalCount").GetInt32());
        var sectors = all.GetProperty("items").EnumerateArray().GroupBy(i => i.Str("sector")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["banking"] = 19, ["mutualFinance"] = 5, ["nonBank"] = 64 }, sectors);

        var own = await App.Institution("088").GetAsync("/api/contributions/institutions").JsonAsync(HttpStatusCode.OK);
        Assert.Equal("088", Assert.Single(own.GetProperty("items").EnumerateArray()).Str("code"));
        await App.Institution("088").GetAsync("/api/contributions/institutions/004").JsonAsync(HttpStatusCode.NotFound);

        // The savings-bank federation (050) files for its 20 members (시행령 42⑦).
        var federation = await App.Institution("050").GetAsync("/api/contributions/institutions?pageSize=100").JsonAsync(HttpStatusCode.OK);
        Assert.Equal(20, federation.GetProperty("totalCount").GetInt32());
        await App.Institution("050").PostJsonAsync(Filings, Filing("201", "2022-02", 1_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await App.Institution("050").PostJsonAsync(Filings, Filing("101", "2022-02", 1_000_000, 0)).JsonAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_filing_is_refused_per_field_for_a_future_month_a_negative_balance_a_duplicate_or_another_institution()
    {
        var bank = App.Institution("088");
        var future = await bank.PostJsonAsync(Filings, Filing("088", "2099-01", 1, 1)).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["month"], future.Errors());
        var negative = await bank.PostJsonAsync(Filings, Filing("088", "2022-03", -1, 5)).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["averageLoanBalance"], negative.Errors());

        var filed = await bank.PostJsonAsync(Filings, Filing("088", "2022-03", 3_000_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("088-2022-03.pdf", filed.GetProperty("evidence")[0].Str("fileName"));
        var duplicate = await bank.PostJsonAsync(Filings, Filing("088", "2022-03", 3_000_000_000, 0)).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Duplicate", duplicate.GetProperty("errors").GetProperty("month")[0].GetString(), StringComparison.Ordinal);

        var forbidden = await bank.PostJsonAsync(Filings, Filing("004", "2022-03", 1, 0)).JsonAsync(HttpStatusCode.Forbidden);
        Assert.Equal("institution_forbidden", forbidden.Str("errorCode"));
        await App.Institution("004").GetAsync($"{Filings}/{filed.Str("id")}").JsonAsync(HttpStatusCode.NotFound);
        var mine = await App.Institution("004").GetAsync(Filings).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(mine.GetProperty("items").EnumerateArray(), f => f.Str("institutionCode") == "088");

        // An institution may not run assessments; an auditor reads but does not write.
        await bank.PostJsonAsync(Runs, new { month = "2022-03" }).JsonAsync(HttpStatusCode.Forbidden);
        await App.Auditor().PostJsonAsync(Runs, new { month = "2022-03" }).JsonAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_csv_with_bad_rows_is_refused_whole_listing_every_row_and_a_good_file_is_kept()
    {
        const string bad = """
            institutionCode,month,averageLoanBalance,averageGuaranteedBalance
            105,2022-04,1000000000,0
            106,2022-04,-5,0
            107,2022-13,1000,0
            105,2022-04,2000000000,0
            108,2022-04,12.5,0
            """;
        var refused = await App.Officer("S5001").PostCsvAsync($"{Filings}/csv", bad).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["rows[2].averageLoanBalance", "rows[3].month", "rows[4].month", "rows[5].averageLoanBalance"], refused.Errors());
        Assert.Equal(0, await App.QueryAsync(db => db.Filings.CountAsync(f => f.InstitutionCode == "105")));

        const string good = "institutionCode,month,averageLoanBalance,averageGuaranteedBalance,evidenceFileName\r\n105,2022-04,1000000000,0,\"잔액,확인서.pdf\"\r\n106,2022-04,0,0,\r\n";
        var kept = await App.Officer("S5001").PostCsvAsync($"{Filings}/csv", good).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, kept.GetProperty("accepted").GetInt32());
        Assert.Equal("잔액,확인서.pdf", kept.GetProperty("filings")[0].GetProperty("evidence")[0].Str("fileName"));
        Assert.Equal(1, kept.GetProperty("filings")[0].GetProperty("sourceRow").GetInt32());
    }

    [Fact]
    public async Task Assessment_charges_common_and_differential_with_relief_and_the_index_from_subrogation_events()
    {
        var officer = App.Officer("S5001");
        // Prior year 2024: both banks carry 1,000,000,000 of guaranteed loans; subrogation paid 30,000,000 to 031 and 10,000,000 to 032.
        foreach (var code in new[] { "031", "032" })
        {
            await officer.PostJsonAsync(Filings, Filing(code, "2024-01", 5_000_000_000, 1_000_000_000)).JsonAsync(HttpStatusCode.Created);
        }

        await PaySubrogationAsync("031", 30_000_000, new DateOnly(2024, 5, 10));
        await PaySubrogationAsync("032", 10_000_000, new DateOnly(2024, 6, 10));
        await Probe.UntilAsync(() => App.QueryAsync(db => db.SubrogationPayments.CountAsync(s => s.LenderCode == "031" || s.LenderCode == "032").ContinueWith(t => t.Result == 2)), "both subrogation payments recorded");

        foreach (var code in new[] { "031", "032" })
        {
            await officer.PostJsonAsync(Filings, Filing(code, "2025-06", 10_000_000_000, 1_200_000_000)).JsonAsync(HttpStatusCode.Created);
        }

        var run = await officer.PostJsonAsync(Runs, new { month = "2025-06" }).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, run.GetProperty("assessed").GetInt32());

        // Market 40e6 / 2e9 = 2%: 031 at 3% → index 150 → 1.25%; 032 at 1% → 50 → 0.50%.
        // Common 1e10 × 0.06% ÷ 12 = 500,000. 031: (15,000,000 − min(3,000,000, 6,000,000)) ÷ 12 = 1,000,000.
        // 032: (6,000,000 − 3,000,000) ÷ 12 = 250,000. Due the last day of the following month.
        var a = await AssessedAsync("031", "2025-06");
        Assert.Equal((150m, 500_000L, 1_000_000L, 1_500_000L), (a.Index, a.Common, a.Differential, a.Total));
        var b = await AssessedAsync("032", "2025-06");
        Assert.Equal((50m, 500_000L, 250_000L, 750_000L), (b.Index, b.Common, b.Differential, b.Total));
        Assert.Equal("2025-07-31", a.E.Str("dueOn"));
        Assert.Contains("시행령 제42조", a.E.Str("citations"), StringComparison.Ordinal);

        var again = await officer.PostJsonAsync(Runs, new { month = "2025-06" }).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 2), (again.GetProperty("assessed").GetInt32(), again.GetProperty("alreadyAssessed").GetInt32()));
        await Probe.UntilAsync(() => Task.FromResult(App.ObservedOf<ContributionAssessed>().Count(e => e.Month == "2025-06") == 2), "ContributionAssessed published once per institution");
    }

    [Fact]
    public async Task A_correction_of_an_assessed_month_nets_into_the_next_assessment_with_its_evidence_and_history_is_kept()
    {
        var officer = App.Officer("S5002");
        var original = await officer.PostJsonAsync(Filings, Filing("109", "2023-03", 4_000_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Runs, new { month = "2023-03" }).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(100_000, (await AssessedAsync("109", "2023-03")).Total); // 4e9 × 0.03% ÷ 12

        var noEvidence = await officer.PostJsonAsync(Filings, new
        {
            institutionCode = "109", month = "2023-03", averageLoanBalance = 4_800_000_000L, averageGuaranteedBalance = 0L,
            correctsFilingId = original.Str("id"), correctionReason = "누락 지점 반영",
        }).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["evidence"], noEvidence.Errors());
        var sha = new string('a', 64);
        var correction = await officer.PostJsonAsync(Filings, new
        {
            institutionCode = "109", month = "2023-03", averageLoanBalance = 4_800_000_000L, averageGuaranteedBalance = 0L,
            correctsFilingId = original.Str("id"), correctionReason = "누락 지점 반영",
            evidence = new[] { new { fileName = "정정확인서.pdf", sha256 = sha, sizeBytes = 2048L } },
        }).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("correction", correction.Str("kind"));

        await officer.PostJsonAsync(Filings, Filing("109", "2023-04", 4_000_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Runs, new { month = "2023-04" }).JsonAsync(HttpStatusCode.OK);

        // 2023-03 recomputed: 4.8e9 × 0.03% ÷ 12 = 120,000, charged 100,000: +20,000 netted into 2023-04 (100,000).
        var april = await AssessedAsync("109", "2023-04");
        Assert.Equal((100_000L, 20_000L, 120_000L), (april.Common, april.E.Long("adjustments"), april.Total));
        var line = Assert.Single(april.E.GetProperty("adjustmentLines").EnumerateArray());
        Assert.Equal(("2023-03", 100_000L, 120_000L, 20_000L), (line.Str("forMonth"), line.Long("previouslyCharged"), line.Long("recomputed"), line.Long("delta")));
        Assert.Contains(sha, line.Str("evidence"), StringComparison.Ordinal);
        Assert.Equal(100_000, (await AssessedAsync("109", "2023-03")).Total); // history is not edited
        var filings = await officer.GetAsync($"{Filings}?institutionCode=109&month=2023-03").JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, filings.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Payments_are_matched_to_the_won_with_late_interest_and_unmatched_or_excess_cash_is_held()
    {
        var officer = App.Officer("S5003");
        await officer.PostJsonAsync(Filings, Filing("110", "2025-03", 2_000_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Runs, new { month = "2025-03" }).JsonAsync(HttpStatusCode.OK);
        var assessment = await AssessedAsync("110", "2025-03");
        Assert.Equal(75_000, assessment.Total); // 2e9 × 0.045% ÷ 12, due 2025-04-30

        var onTime = await officer.PostJsonAsync("/api/contributions/payments", new { bankReference = "T-110-1", amount = 30_000, receivedOn = "2025-04-20", institutionCode = "110" })
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal((30_000L, 0L, 0L), (onTime.Long("toPrincipal"), onTime.Long("toInterest"), onTime.Long("unapplied")));

        // 30 days late on 45,000: 45,000 × 6% × 30 ÷ 365 = 221.9 → 221; 50,000 − 221 − 45,000 = 4,779 held.
        var late = await officer.PostJsonAsync("/api/contributions/payments", new { bankReference = "T-110-2", amount = 50_000, receivedOn = "2025-05-30", assessmentId = assessment.Id })
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal((45_000L, 221L, 4_779L), (late.Long("toPrincipal"), late.Long("toInterest"), late.Long("unapplied")));
        var repeat = await officer.PostJsonAsync("/api/contributions/payments", new { bankReference = "T-110-2", amount = 50_000, receivedOn = "2025-05-30", assessmentId = assessment.Id })
            .JsonAsync(HttpStatusCode.OK);
        Assert.True(repeat.GetProperty("alreadyRecorded").GetBoolean());

        var paid = await AssessedAsync("110", "2025-03");
        Assert.Equal(("paid", 75_000L, 221L, 0L), (paid.E.Str("status"), paid.E.Long("principalPaid"), paid.E.Long("interestPaid"), paid.E.Long("outstanding")));

        var stray = await officer.PostJsonAsync("/api/contributions/payments", new { bankReference = "T-UNKNOWN-1", amount = 10_000, receivedOn = "2025-05-30" }).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(10_000, stray.Long("unapplied"));
        var held = await officer.GetAsync("/api/contributions/unapplied-cash?pageSize=100").JsonAsync(HttpStatusCode.OK);
        var heldAmounts = held.GetProperty("items").EnumerateArray().Where(u => u.GetProperty("paymentId").ValueKind != System.Text.Json.JsonValueKind.Null)
            .Select(u => u.Long("remaining")).ToList();
        Assert.Contains(4_779L, heldAmounts);
        Assert.Contains(10_000L, heldAmounts);

        // Booked into the KINFA supplementary account: 30,000 and 45,221 into the fund, 4,779 and 10,000 as unapplied cash.
        var entries = await App.QueryAsync(db => db.Entries.Include(e => e.Lines)
            .Where(e => e.SourceType == "contribution-payment" || e.SourceType == "payment-unapplied").ToListAsync());
        var ids = new[] { onTime.Str("id"), late.Str("id"), stray.Str("id") };
        var mine = entries.Where(e => ids.Any(id => e.SourceId.StartsWith(id, StringComparison.Ordinal))).ToList();
        Assert.Equal([4_779L, 10_000L, 30_000L, 45_221L], mine.Select(e => e.Amount).Order());
        Assert.All(mine, e => Assert.Equal(FundCodes.KinfaSupplementary, e.FundCode));
        Assert.Equal(75_221, mine.SelectMany(e => e.Lines).Where(l => l.Account == Seomin.Contributions.Domain.Ledger.LedgerAccount.FundCapital).Sum(l => l.Credit - l.Debit));
    }

    [Fact]
    public async Task A_bank_statement_is_all_or_nothing_and_books_each_reference_once()
    {
        var officer = App.Officer("S5004");
        await officer.PostJsonAsync(Filings, Filing("111", "2025-02", 2_000_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Runs, new { month = "2025-02" }).JsonAsync(HttpStatusCode.OK);
        const string bad = "bankReference,receivedOn,amount,institutionCode,assessmentId\nS-111-1,2025-03-31,75000,111,\nS-111-2,2025-03-31,abc,,\n,2025-03-31,5,,\n";
        var refused = await officer.PostCsvAsync("/api/contributions/payments/statement", bad).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["rows[2].amount", "rows[3].bankReference"], refused.Errors());
        Assert.False(await App.QueryAsync(db => db.Payments.AnyAsync(p => p.BankReference == "S-111-1")));

        const string good = "bankReference,receivedOn,amount,institutionCode,assessmentId\nS-111-1,2025-03-31,75000,111,\nS-111-2,2025-03-31,5000,,\n";
        var statement = await officer.PostCsvAsync("/api/contributions/payments/statement", good).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((2, 75_000L, 5_000L), (statement.GetProperty("recorded").GetInt32(), statement.Long("applied"), statement.Long("unapplied")));
        Assert.Equal("paid", (await AssessedAsync("111", "2025-02")).E.Str("status"));
        var again = await officer.PostCsvAsync("/api/contributions/payments/statement", good).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 2), (again.GetProperty("recorded").GetInt32(), again.GetProperty("alreadyRecorded").GetInt32()));
    }

    [Fact]
    public async Task The_overdue_sweep_flags_an_unpaid_assessment_once_publishes_ContributionOverdue_and_reminds_weekly()
    {
        var officer = App.Officer("S5005");
        await officer.PostJsonAsync(Filings, Filing("112", "2025-01", 2_000_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Runs, new { month = "2025-01" }).JsonAsync(HttpStatusCode.OK);
        var assessment = await AssessedAsync("112", "2025-01"); // due 2025-02-28

        await officer.PostJsonAsync("/api/contributions/collection/overdue-sweep", new { asOf = "2025-02-28" }).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("open", (await AssessedAsync("112", "2025-01")).E.Str("status"));
        await officer.PostJsonAsync("/api/contributions/collection/overdue-sweep", new { asOf = "2025-03-01" }).JsonAsync(HttpStatusCode.OK);
        await officer.PostJsonAsync("/api/contributions/collection/overdue-sweep", new { asOf = "2025-03-01" }).JsonAsync(HttpStatusCode.OK);
        await officer.PostJsonAsync("/api/contributions/collection/overdue-sweep", new { asOf = "2025-03-05" }).JsonAsync(HttpStatusCode.OK);
        await officer.PostJsonAsync("/api/contributions/collection/overdue-sweep", new { asOf = "2025-03-08" }).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("overdue", (await AssessedAsync("112", "2025-01")).E.Str("status"));

        var notices = await officer.GetAsync($"/api/contributions/assessments/{assessment.Id}/notices").JsonAsync(HttpStatusCode.OK);
        var kinds = notices.EnumerateArray().Select(n => $"{n.Str("kind")}@{n.Str("on")}").ToList();
        Assert.Single(kinds, k => k.StartsWith("notice@", StringComparison.Ordinal)); // the notice of assessment, sent when assessed
        Assert.Equal(["overdue@2025-03-01", "reminder@2025-03-01", "reminder@2025-03-08"], kinds.Where(k => !k.StartsWith("notice@", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        await Probe.UntilAsync(
            () => Task.FromResult(App.ObservedOf<ContributionOverdue>().Count(e => e.AssessmentId == assessment.Id) == 1),
            "ContributionOverdue published once");
        var overdue = App.ObservedOf<ContributionOverdue>().Single(e => e.AssessmentId == assessment.Id);
        Assert.Equal((75_000L, 1), (overdue.Outstanding, overdue.DaysOverdue));
    }

    private async Task PaySubrogationAsync(string lender, long amount, DateOnly on)
    {
        var id = MessageIds.NewId();
        await App.PublishAsync(new SubrogationPaid
        {
            EventId = id, ClaimId = Guid.NewGuid(), GuaranteeId = Guid.NewGuid(), CustomerId = "C-test", LenderCode = lender, FundCode = FundCodes.KinfaSupplementary,
            Amount = amount, PaidOn = on, OccurredAt = DateTimeOffset.UtcNow,
        }, id);
    }
}

/// <summary>An assessment as answered by the API, with the fields the tests compare.</summary>
internal sealed record JsonElementAssessment(System.Text.Json.JsonElement E)
{
    public Guid Id => E.GetProperty("id").GetGuid();

    public long Common => E.Long("common");

    public long Differential => E.Long("differential");

    public long Total => E.Long("total");

    public decimal Index => E.GetProperty("subrogationIndex").GetDecimal();
}
