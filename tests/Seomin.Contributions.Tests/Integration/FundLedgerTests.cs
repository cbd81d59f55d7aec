using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Contracts.Contributions;
using Seomin.Contracts.Guarantee;
using Seomin.Contracts.Subrogation;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Ledger;
using Seomin.Contributions.Domain.Ledger;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.Contributions.Tests.Integration;

/// <summary>The fund ledgers: events booked once, balances derived from entries, the property test, and the Incheon reference figures.</summary>
public sealed partial class ContributionsApiTests
{
    private const long Million = 1_000_000;

    [Fact]
    public async Task Fund_events_book_once_each_and_publish_the_fund_balance_with_an_increasing_per_fund_sequence()
    {
        const string fund = FundCodes.KinfaSelfSufficiency;
        var before = await App.QueryAsync(db => db.Entries.CountAsync(e => e.FundCode == fund));
        var balanceBefore = await App.QueryAsync(db => db.Lines.Where(l => l.FundCode == fund && l.Account == LedgerAccount.FundCapital).SumAsync(l => l.Credit - l.Debit));
        var feeEntry = Guid.NewGuid();
        var fee = new GuaranteeFeePaid
        {
            EventId = MessageIds.NewId(), GuaranteeId = Guid.NewGuid(), LedgerEntryId = feeEntry, CustomerId = "C-1", Amount = 500_000, FundCode = fund, OccurredAt = DateTimeOffset.UtcNow,
        };
        await App.PublishAsync(fee, fee.EventId);
        await App.PublishAsync(fee, fee.EventId); // redelivered: the inbox drops it
        await App.PublishAsync(fee with { EventId = MessageIds.NewId() }, MessageIds.NewId()); // republished under another id: the source drops it
        var refund = new GuaranteeFeeRefunded
        {
            EventId = MessageIds.NewId(), GuaranteeId = fee.GuaranteeId, LedgerEntryId = Guid.NewGuid(), CustomerId = "C-1", Amount = 20_000, Reason = "중도해지", FundCode = fund,
            OccurredAt = DateTimeOffset.UtcNow,
        };
        await App.PublishAsync(refund, refund.EventId);
        var paid = new SubrogationPaid
        {
            EventId = MessageIds.NewId(), ClaimId = Guid.NewGuid(), GuaranteeId = fee.GuaranteeId, CustomerId = "C-1", LenderCode = "NH", FundCode = fund, Amount = 300_000,
            PaidOn = new DateOnly(2026, 11, 2), OccurredAt = DateTimeOffset.UtcNow,
        };
        await App.PublishAsync(paid, paid.EventId);
        var recovered = new RecourseRecovered
        {
            EventId = MessageIds.NewId(), RecourseId = Guid.NewGuid(), RecoveryId = Guid.NewGuid(), CustomerId = "C-1", FundCode = fund, Amount = 50_000, ToCosts = 0,
            ToLateCharge = 0, ToPrincipal = 50_000, RecoveredOn = new DateOnly(2026, 11, 20), OccurredAt = DateTimeOffset.UtcNow,
        };
        await App.PublishAsync(recovered, recovered.EventId);

        await Probe.UntilAsync(() => App.QueryAsync(async db => await db.Entries.CountAsync(e => e.FundCode == fund) == before + 4), "four postings on the fund");
        // + 500,000 fee − 20,000 refund − 300,000 subrogation + 50,000 recovery = +230,000.
        var entries = await App.QueryAsync(db => db.Entries.Include(e => e.Lines).Where(e => e.FundCode == fund).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(balanceBefore + 230_000, entries[^1].BalanceAfter);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.All(entries, e => Assert.Equal(e.Lines.Sum(l => l.Debit), e.Lines.Sum(l => l.Credit)));
        Assert.Single(entries, e => e.SourceId == feeEntry.ToString());

        var funds = await App.Auditor().GetAsync("/api/contributions/funds").JsonAsync(HttpStatusCode.OK);
        Assert.Equal(balanceBefore + 230_000, funds.EnumerateArray().Single(f => f.Str("fundCode") == fund).Long("balance"));
        await Probe.UntilAsync(
            () => Task.FromResult(App.ObservedOf<GuaranteeFundBalanceChanged>().Any(e => e.FundCode == fund && e.Sequence == entries[^1].Sequence)),
            "the last balance published");
        var published = App.ObservedOf<GuaranteeFundBalanceChanged>().Where(e => e.FundCode == fund).ToList();
        Assert.Equal(balanceBefore + 230_000, published.MaxBy(e => e.Sequence)!.Balance);
        Assert.Equal(published.Count, published.Select(e => e.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task Fee_postings_are_dated_by_the_business_date_their_event_carries_and_an_older_event_by_the_Seoul_date_it_occurred()
    {
        // Guarantee's control totals date a fee by its ledger entry's business date (a payment reported for 2020-03-16
        // today, a refund computed to the 2020-06-30 full repayment); the fund ledger must book them in the same period.
        const string fund = FundCodes.KinfaSelfSufficiency;
        var now = DateTimeOffset.UtcNow;
        var fee = new GuaranteeFeePaid
        {
            EventId = MessageIds.NewId(), GuaranteeId = Guid.NewGuid(), LedgerEntryId = Guid.NewGuid(), CustomerId = "C-D", Amount = 120_000, FundCode = fund,
            PaidOn = new DateOnly(2020, 3, 16), OccurredAt = now,
        };
        var refund = new GuaranteeFeeRefunded
        {
            EventId = MessageIds.NewId(), GuaranteeId = fee.GuaranteeId, LedgerEntryId = Guid.NewGuid(), CustomerId = "C-D", Amount = 30_000, Reason = "UnusedFeeRefund",
            FundCode = fund, RefundedOn = new DateOnly(2020, 6, 30), OccurredAt = now,
        };
        // Published before the business date was carried: 2026-11-30 15:30 UTC is 2026-12-01 00:30 in Seoul.
        var older = new GuaranteeFeePaid
        {
            EventId = MessageIds.NewId(), GuaranteeId = Guid.NewGuid(), LedgerEntryId = Guid.NewGuid(), CustomerId = "C-D", Amount = 70_000, FundCode = fund,
            OccurredAt = new DateTimeOffset(2026, 11, 30, 15, 30, 0, TimeSpan.Zero),
        };
        await App.PublishAsync(fee, fee.EventId);
        await App.PublishAsync(refund, refund.EventId);
        await App.PublishAsync(older, older.EventId);

        var sources = new[] { fee.LedgerEntryId.ToString(), refund.LedgerEntryId.ToString(), older.LedgerEntryId.ToString() };
        await Probe.UntilAsync(() => App.QueryAsync(async db => await db.Entries.CountAsync(e => sources.Contains(e.SourceId)) == 3), "three fee postings");
        var on = await App.QueryAsync(db => db.Entries.Where(e => sources.Contains(e.SourceId)).ToDictionaryAsync(e => e.SourceId, e => e.On));
        Assert.Equal(new DateOnly(2020, 3, 16), on[sources[0]]);
        Assert.Equal(new DateOnly(2020, 6, 30), on[sources[1]]);
        Assert.Equal(new DateOnly(2026, 12, 1), on[sources[2]]);
    }

    [Fact]
    public async Task Property_any_sequence_of_postings_with_duplicates_keeps_debits_equal_to_credits_and_each_balance_the_sum_of_its_entries()
    {
        var random = new Random(20261201);
        var kinds = Enum.GetValues<PostingKind>();
        var sources = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var before = await BalancesAsync();
        var expected = FundCodes.All.ToDictionary(f => f, _ => 0L);
        var booked = new HashSet<string>(StringComparer.Ordinal);
        var tasks = new List<Task>();
        for (var i = 0; i < 240; i++)
        {
            var source = sources[random.Next(sources.Length)];
            // A source always names the same posting (as an event does); repeats of it must book nothing.
            var seed = source.GetHashCode(StringComparison.Ordinal) & 0x7fffffff;
            var fund = FundCodes.All[seed % 3];
            var kind = kinds[seed / 3 % kinds.Length];
            var amount = 1 + (seed % 1_000_000);
            if (booked.Add(source))
            {
                expected[fund] += Postings.BalanceEffect(Postings.Lines(kind, amount));
            }

            tasks.Add(PostAsync(new PostingRequest(fund, kind, "property-test", source, amount, new DateOnly(2026, 11, 30), "test:property")));
            if (tasks.Count == 4)
            {
                await Task.WhenAll(tasks); // four at a time: concurrent postings on the same fund serialise on its head row
                tasks.Clear();
            }
        }

        await Task.WhenAll(tasks);
        var after = await BalancesAsync();
        foreach (var fund in FundCodes.All)
        {
            Assert.Equal(before[fund] + expected[fund], after[fund]);
        }

        await App.QueryAsync(async db =>
        {
            var lines = await db.Lines.ToListAsync();
            Assert.Equal(lines.Sum(l => l.Debit), lines.Sum(l => l.Credit));
            Assert.Equal(booked.Count, await db.Entries.CountAsync(e => e.SourceType == "property-test"));
            foreach (var fund in FundCodes.All)
            {
                var entries = await db.Entries.Where(e => e.FundCode == fund).OrderBy(e => e.Sequence).ToListAsync();
                Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
                var last = entries.LastOrDefault()?.BalanceAfter ?? 0;
                Assert.Equal(lines.Where(l => l.FundCode == fund && l.Account == LedgerAccount.FundCapital).Sum(l => l.Credit - l.Debit), last);
                var head = await db.Funds.SingleAsync(f => f.FundCode == fund);
                Assert.Equal(entries.Count, head.Sequence);
            }

            return 0;
        });
    }

    [Fact]
    public async Task The_Incheon_reference_figures_are_reproduced_from_API_entered_data()
    {
        var officer = App.Officer("S5006");
        const string fund = FundCodes.IncheonBase;
        var n = 0;
        async Task Contribute(string group, string name, long millions, string on, string? programme = null, string? planLine = null) =>
            await officer.PostJsonAsync($"/api/contributions/funds/{fund}/contributions", new
            {
                reference = $"incheon-{++n}", kind = programme is null ? "baseCapital" : "special", contributorGroup = group, contributorName = name,
                programme, planLine, amount = millions * Million, receivedOn = on,
            }).JsonAsync(HttpStatusCode.OK);

        // 2020 contributions (seed 003), by plan line; 기타 18 is booked to 금융회사 (its contributor is not named).
        foreach (var (programme, amount) in new[] { ("일반", 1_000L), ("일자리창출", 1_600L), ("청년스타트업", 800L), ("골목상권", 1_000L), ("수출규제", 800L), ("희망드림", 1_000L), ("코로나19", 18_600L) })
        {
            await Contribute("인천시", "인천광역시", amount, "2020-06-30", programme, "인천시");
        }

        foreach (var (district, amount) in new[] { ("계양구", 100L), ("미추홀구", 50L), ("부평구", 100L), ("연수구", 150L), ("옹진군", 700L), ("중구", 100L) })
        {
            await Contribute("인천시", "기초단체", amount, "2020-07-31", planLine: "기초단체");
        }

        await Contribute("금융회사 의무출연", "금융회사 의무출연", 3_627, "2020-12-30", planLine: "의무출연");
        foreach (var (bank, amount) in new[] { ("기업은행", 18_136L), ("농협은행", 2_416L), ("신한은행", 3_000L), ("국민은행", 2_000L), ("우리은행", 1_080L), ("하나은행", 2_700L), ("기타", 18L) })
        {
            await Contribute("금융회사", bank, amount, "2020-09-30", planLine: "기타");
        }

        await Contribute("중앙정부", "중소벤처기업부", 3_928, "2020-09-30", planLine: "기타");

        // Opening balances to 2019-12-31: each group's total less its 2020 part (인천시 142,688 − 24,800; 기초단체 9,295 − 1,200;
        // 중앙정부 41,398 − 3,928; 금융회사 118,726 − 29,350; 의무출연 44,140 − 3,627; 설립시 5,800).
        await Contribute("인천시", "인천광역시", 117_888, "2019-12-31");
        await Contribute("인천시", "기초단체", 8_095, "2019-12-31");
        await Contribute("중앙정부", "중앙정부", 37_470, "2019-12-31");
        await Contribute("금융회사", "금융회사", 89_376, "2019-12-31");
        await Contribute("금융회사 의무출연", "금융회사 의무출연", 40_513, "2019-12-31");
        await Contribute("설립시", "설립시", 5_800, "1998-01-01");
        await officer.PostJsonAsync($"/api/contributions/funds/{fund}/losses", new { reference = "incheon-loss-2020", amount = 87_944 * Million, recognisedOn = "2020-12-31", description = "누적결손금" })
            .JsonAsync(HttpStatusCode.OK);
        var repeat = await officer.PostJsonAsync($"/api/contributions/funds/{fund}/losses", new { reference = "incheon-loss-2020", amount = 87_944 * Million, recognisedOn = "2020-12-31" })
            .JsonAsync(HttpStatusCode.OK);
        Assert.True(repeat.GetProperty("alreadyBooked").GetBoolean());

        var capital = await App.Auditor().GetAsync($"/api/contributions/reports/base-capital?fundCode={fund}&asOf=2021-01-01").JsonAsync(HttpStatusCode.OK);
        Assert.Equal(362_047 * Million, capital.Long("contributions"));
        Assert.Equal(87_944 * Million, capital.Long("accumulatedLoss"));
        Assert.Equal(274_103 * Million, capital.Long("baseCapital"));
        var groups = capital.GetProperty("groups").EnumerateArray().ToDictionary(g => g.Str("group"), g => (g.Long("amount") / Million, g.GetProperty("sharePercent").GetDecimal()));
        Assert.Equal((151_983L, 42.0m), groups["인천시"]);
        Assert.Equal((41_398L, 11.4m), groups["중앙정부"]);
        Assert.Equal((118_726L, 32.8m), groups["금융회사"]);
        Assert.Equal((44_140L, 12.2m), groups["금융회사 의무출연"]);
        Assert.Equal((5_800L, 1.6m), groups["설립시"]);
        var municipal = capital.GetProperty("groups").EnumerateArray().Single(g => g.Str("group") == "인천시").GetProperty("contributors").EnumerateArray()
            .ToDictionary(c => c.Str("name"), c => c.Long("amount") / Million);
        Assert.Equal(9_295, municipal["기초단체"]);

        foreach (var (line, amount) in new[] { ("인천시", 6_200L), ("기초단체", 650L), ("의무출연", 2_500L), ("기타", 6_000L) })
        {
            await officer.PostJsonAsync($"/api/contributions/funds/{fund}/plans", new { year = 2020, planLine = line, amount = amount * Million }).JsonAsync(HttpStatusCode.Created);
        }

        foreach (var (programme, amount) in new[] { ("일반", 4_000L), ("일자리", 800L), ("청년창업", 800L), ("골목상권", 800L), ("희망드림", 1_000L), ("재개발", 500L), ("지하도상가", 800L), ("코로나19", 3_000L) })
        {
            await officer.PostJsonAsync($"/api/contributions/funds/{fund}/plans", new { year = 2021, planLine = "인천시", programme, amount = amount * Million }).JsonAsync(HttpStatusCode.Created);
        }

        foreach (var (line, amount) in new[] { ("기초단체", 850L), ("의무출연", 6_000L), ("기타", 8_250L) })
        {
            await officer.PostJsonAsync($"/api/contributions/funds/{fund}/plans", new { year = 2021, planLine = line, amount = amount * Million }).JsonAsync(HttpStatusCode.Created);
        }

        var y2020 = await App.Auditor().GetAsync($"/api/contributions/reports/plan-vs-actual?fundCode={fund}&year=2020").JsonAsync(HttpStatusCode.OK);
        Assert.Equal((15_350L, 62_905L, 409.8m), (y2020.Long("planned") / Million, y2020.Long("actual") / Million, y2020.GetProperty("achievementPercent").GetDecimal()));
        var lines = y2020.GetProperty("lines").EnumerateArray().ToDictionary(l => l.Str("planLine"), l => (l.Long("planned") / Million, l.Long("actual") / Million));
        Assert.Equal((6_200L, 24_800L), lines["인천시"]);
        Assert.Equal((650L, 1_200L), lines["기초단체"]);
        Assert.Equal((2_500L, 3_627L), lines["의무출연"]);
        Assert.Equal((6_000L, 33_278L), lines["기타"]);
        var covid = y2020.GetProperty("lines").EnumerateArray().Single(l => l.Str("planLine") == "인천시").GetProperty("actualByProgramme").EnumerateArray()
            .Single(p => p.Str("name") == "코로나19");
        Assert.Equal(18_600, covid.Long("amount") / Million);

        var y2021 = await App.Auditor().GetAsync($"/api/contributions/reports/plan-vs-actual?fundCode={fund}&year=2021").JsonAsync(HttpStatusCode.OK);
        Assert.Equal(26_800, y2021.Long("planned") / Million);
        Assert.Equal(11_700, y2021.GetProperty("lines").EnumerateArray().Single(l => l.Str("planLine") == "인천시").Long("planned") / Million);

        // 2,192,064 ÷ 274,103 = 7.997… → 8.00×.
        var multiple = await App.Auditor().GetAsync($"/api/contributions/reports/operating-multiple?fundCode={fund}&asOf=2021-01-01&guaranteeBalance={2_192_064 * Million}")
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(8.00m, multiple.GetProperty("multiple").GetDecimal());
    }

    [Fact]
    public async Task The_collection_report_gives_assessed_paid_overdue_and_rate_per_sector_institution_and_month()
    {
        var officer = App.Officer("S5007");
        // Two insurers for 2022-09 (others 0.03%): 113 owes 2.4e9 × 0.0003 ÷ 12 = 60,000 and pays it; 114 owes 30,000 and pays 10,000.
        await officer.PostJsonAsync(Filings, Filing("113", "2022-09", 2_400_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Filings, Filing("114", "2022-09", 1_200_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Runs, new { month = "2022-09" }).JsonAsync(HttpStatusCode.OK);
        await officer.PostJsonAsync("/api/contributions/payments", new { bankReference = "C-113", amount = 60_000, receivedOn = "2022-10-20", institutionCode = "113" }).JsonAsync(HttpStatusCode.OK);
        await officer.PostJsonAsync("/api/contributions/payments", new { bankReference = "C-114", amount = 10_000, receivedOn = "2022-10-20", institutionCode = "114" }).JsonAsync(HttpStatusCode.OK);

        var byInstitution = await App.Auditor().GetAsync("/api/contributions/reports/collection?from=2022-09&to=2022-09&groupBy=Institution&asOf=2022-12-01").JsonAsync(HttpStatusCode.OK);
        var rows = byInstitution.GetProperty("rows").EnumerateArray().ToDictionary(r => r.Str("key"));
        Assert.Equal((60_000L, 60_000L, 0L, 100.0m), Row(rows["113"]));
        Assert.Equal((30_000L, 10_000L, 20_000L, 33.3m), Row(rows["114"]));
        var bySector = await App.Auditor().GetAsync("/api/contributions/reports/collection?from=2022-09&to=2022-09&groupBy=Sector&asOf=2022-12-01").JsonAsync(HttpStatusCode.OK);
        Assert.Equal((90_000L, 70_000L, 20_000L, 77.8m), Row(bySector.GetProperty("rows").EnumerateArray().Single(r => r.Str("key") == "NonBank")));

        static (long, long, long, decimal) Row(System.Text.Json.JsonElement r) =>
            (r.Long("assessed"), r.Long("paid"), r.Long("overdue"), r.GetProperty("collectionRatePercent").GetDecimal());
    }

    private async Task PostAsync(PostingRequest request)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContributionsDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<FundLedger>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await ledger.PostAsync(request, CancellationToken.None);
        try
        {
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        catch (DbUpdateException)
        {
            // Two concurrent copies of one source: the unique index refuses the second, which books nothing.
        }
    }

    private Task<Dictionary<string, long>> BalancesAsync() => App.QueryAsync(async db =>
    {
        var sums = await db.Lines.Where(l => l.Account == LedgerAccount.FundCapital).GroupBy(l => l.FundCode)
            .Select(g => new { g.Key, Sum = g.Sum(l => l.Credit - l.Debit) }).ToDictionaryAsync(x => x.Key, x => x.Sum);
        return FundCodes.All.ToDictionary(f => f, f => sums.GetValueOrDefault(f));
    });
}
