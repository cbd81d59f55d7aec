using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contracts.Contributions;
using Seomin.Contracts.Guarantee;
using Seomin.Messaging;
using Seomin.Subrogation.Domain.Reports;
using Seomin.Testing;
using static Seomin.Subrogation.Tests.Integration.Scenario;

namespace Seomin.Subrogation.Tests.Integration;

/// <summary>
/// Seed 003's 보증사고 및 회수 현황 (2019 and 2020, 건 / 백만원) reproduced from movements entered one by one, as the
/// guarantee service and the officers would enter them: every accident a Guarantee event on the bus, every
/// normalisation a Guarantee event, every 구상채권 a claim filed, reviewed, approved by another officer and paid through
/// the bank port, every 회수 a recovery through the API. The service runs on a clock set to the end of each year, so the
/// payments fall in their year.
/// </summary>
public sealed class IncheonAccidentTablesTests(PlatformServers servers) : IAsyncLifetime
{
    private const long Million = 1_000_000; // 백만원
    private static readonly string Fund = FundCodes.IncheonBase;
    private readonly ShiftedClock _clock = new();
    private SubrogationApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await SubrogationApp.StartAsync(servers, "subrogation-tables", _clock);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// The seed's table (unit 백만원, converted to won exactly):
    /// <code>
    ///                      2019             2020            증감
    /// 보증사고 발생     4,441 / 55,606    3,618 / 51,864    △823 / △3,742 (△18.5% / △6.7%)
    ///          정상화   1,403 / 16,498    1,231 / 15,577    △172 /   △921 (△12.3% / △5.6%)
    /// 구상채권 발생     2,938 / 38,333    2,609 / 37,608    △329 /   △725 (△11.2% / △1.9%)
    ///          회수       435 / 12,454      652 / 14,336     217 /  1,882 (49.9% / 15.1%)
    /// </code>
    /// Every 증감 and rate adds up. The seed gives flows only (no opening or closing), so the test asserts the flows
    /// and the balances its own movements imply. 2020 opened more 구상채권 (2,609) than its accidents left after
    /// normalisation (3,618 − 1,231 = 2,387): the other 222 are older accidents, 100 left from 2019 and 122 from late 2018
    /// (the 2019 opening accident balance). 회수 건수 is read as the book's count: claims closed by recovery (a partial
    /// recovery moves won, not count), so the 435 and 652 recoveries each repay a claim in full on its payment day
    /// (no 손해금 yet: the won are principal, as the book carries).
    /// </summary>
    [Fact]
    public async Task The_2019_and_2020_accident_and_recourse_tables_come_from_their_movements()
    {
        // Accident groups: (year of accident, count, 백만원, fate). Sums per year are the seed's 발생 lines.
        var groups = new[]
        {
            new Group(2018, 122, 546, Fate.Subrogated2020, Recover: false),
            new Group(2019, 1_403, 16_498, Fate.Normalised, Recover: false),
            new Group(2019, 435, 12_454, Fate.Subrogated2019, Recover: true),
            new Group(2019, 2_503, 25_879, Fate.Subrogated2019, Recover: false),
            new Group(2019, 100, 775, Fate.Subrogated2020, Recover: false),
            new Group(2020, 1_231, 15_577, Fate.Normalised, Recover: false),
            new Group(2020, 652, 14_336, Fate.Subrogated2020, Recover: true),
            new Group(2020, 1_735, 21_951, Fate.Subrogated2020, Recover: false),
        };
        Assert.Equal((4_441, 55_606L), Sum(groups, g => g.Year == 2019));
        Assert.Equal((3_618, 51_864L), Sum(groups, g => g.Year == 2020));
        Assert.Equal((2_938, 38_333L), Sum(groups, g => g.Fate == Fate.Subrogated2019));
        Assert.Equal((2_609, 37_608L), Sum(groups, g => g.Fate == Fate.Subrogated2020));

        var accidents = groups.SelectMany(g => g.Accidents()).ToList();
        Assert.Equal(8_181, accidents.Count);

        // The guarantee service: issuance first (projected), then the accidents, then the normalisations.
        await PublishAllAsync(accidents, a =>
        {
            var id = MessageIds.NewId();
            return (new GuaranteeIssued
            {
                EventId = id, GuaranteeId = a.GuaranteeId, ApplicationId = Guid.NewGuid(), CertificateNumber = "CERT-" + a.GuaranteeId.ToString("N")[..8],
                CustomerId = a.CustomerId, ProductCode = "WORKER_SUNSHINE", LenderCode = "IBK", GuaranteedAmount = a.Outstanding + 5 * Million,
                GuaranteeRatio = 1m, StartDate = a.AccidentOn.AddYears(-1), EndDate = a.AccidentOn.AddYears(4), OccurredAt = At(a.AccidentOn.AddYears(-1)), FundCode = Fund,
            }, id);
        });
        await Probe.UntilAsync(async () => await _app.QueryAsync(db => db.Guarantees.CountAsync(g => g.StartDate != null)) == accidents.Count, "every guarantee issued", TimeSpan.FromMinutes(15));
        await PublishAllAsync(accidents, a =>
        {
            var id = MessageIds.NewId();
            return (new GuaranteeAccidentReported
            {
                EventId = id, GuaranteeId = a.GuaranteeId, CustomerId = a.CustomerId, LenderCode = "IBK", OutstandingBalance = a.Outstanding,
                Kind = "Default", AccidentDate = a.AccidentOn, OccurredAt = At(a.AccidentOn),
            }, id);
        });
        await Probe.UntilAsync(async () => await MovementsAsync(Movement.New, PortfolioCategory.Accident) == accidents.Count, "every accident booked", TimeSpan.FromMinutes(15));
        var normalised = accidents.Where(a => a.Fate == Fate.Normalised).ToList();
        await PublishAllAsync(normalised, a =>
        {
            var id = MessageIds.NewId();
            return (new GuaranteeNormalized { EventId = id, GuaranteeId = a.GuaranteeId, CustomerId = a.CustomerId, OccurredAt = At(a.AccidentOn.AddDays(30)) }, id);
        });
        await Probe.UntilAsync(async () => await MovementsAsync(Movement.Normalised, PortfolioCategory.Accident) == normalised.Count, "every normalisation booked", TimeSpan.FromMinutes(15));

        // The officers, at the end of each year: claims paid, some repaid in full the same day.
        await PayAsync(accidents.Where(a => a.Fate == Fate.Subrogated2019).ToList(), new DateOnly(2019, 12, 27));
        await PayAsync(accidents.Where(a => a.Fate == Fate.Subrogated2020).ToList(), new DateOnly(2020, 12, 28));

        var reader = Client("S3001");
        var y2019 = await BooksAsync(reader, 2019);
        var y2020 = await BooksAsync(reader, 2020);

        // The seed's lines, exactly.
        Assert.Equal((4_441, 55_606 * Million), Of(y2019, "accident", "new"));
        Assert.Equal((1_403, 16_498 * Million), Of(y2019, "accident", "normalised"));
        Assert.Equal((2_938, 38_333 * Million), Of(y2019, "recourse", "new"));
        Assert.Equal((435, 12_454 * Million), Of(y2019, "recourse", "recovered"));
        Assert.Equal((3_618, 51_864 * Million), Of(y2020, "accident", "new"));
        Assert.Equal((1_231, 15_577 * Million), Of(y2020, "accident", "normalised"));
        Assert.Equal((2_609, 37_608 * Million), Of(y2020, "recourse", "new"));
        Assert.Equal((652, 14_336 * Million), Of(y2020, "recourse", "recovered"));

        // The seed's 증감 columns from the two reports: 2020 − 2019, and the rates in per cent to one decimal, rounded as printed.
        Assert.Equal((-823, -3_742 * Million), Change("accident", "new"));
        Assert.Equal((-172, -921 * Million), Change("accident", "normalised"));
        Assert.Equal((-329, -725 * Million), Change("recourse", "new"));
        Assert.Equal((217, 1_882 * Million), Change("recourse", "recovered"));
        Assert.Equal((-18.5m, -6.7m), Rate("accident", "new"));
        Assert.Equal((-12.3m, -5.6m), Rate("accident", "normalised"));
        Assert.Equal((-11.2m, -1.9m), Rate("recourse", "new"));
        Assert.Equal((49.9m, 15.1m), Rate("recourse", "recovered"));

        // What the movements imply beyond the seed (hand-computed): no interest or costs were claimed, so the subrogated
        // accident principal equals the 구상채권 opened; 2019 opens with the 122 / 546 of late 2018 and leaves 100 / 775.
        Assert.Equal((2_938, 38_333 * Million), Of(y2019, "accident", "subrogated"));
        Assert.Equal((122, 546 * Million), Tally(y2019, "accident", "opening"));
        Assert.Equal((222, 1_321 * Million), Tally(y2019, "accident", "closing")); // 122 + 4,441 − 1,403 − 2,938; 546 + 55,606 − 16,498 − 38,333
        Assert.Equal((0, 0L), Tally(y2020, "accident", "closing")); // 222 + 3,618 − 1,231 − 2,609; 1,321 + 51,864 − 15,577 − 37,608
        Assert.Equal((2_503, 25_879 * Million), Tally(y2019, "recourse", "closing")); // 2,938 − 435; 38,333 − 12,454
        Assert.Equal((4_460, 49_151 * Million), Tally(y2020, "recourse", "closing")); // 2,503 + 2,609 − 652; 25,879 + 37,608 − 14,336

        (long, long) Change(string book, string line) => (Of(y2020, book, line).Count - Of(y2019, book, line).Count, Of(y2020, book, line).Won - Of(y2019, book, line).Won);
        (decimal, decimal) Rate(string book, string line)
        {
            var (count, won) = Change(book, line);
            static decimal Pct(long change, long basis) => Math.Round(change * 100m / basis, 1, MidpointRounding.AwayFromZero);
            return (Pct(count, Of(y2019, book, line).Count), Pct(won, Of(y2019, book, line).Won));
        }
    }

    private static (int Count, long Millions) Sum(IEnumerable<Group> groups, Func<Group, bool> which) =>
        (groups.Where(which).Sum(g => g.Count), groups.Where(which).Sum(g => g.Millions));

    /// <summary>10:00 in Seoul on <paramref name="seoulDay"/>, in UTC as the guarantee service's events carry it.</summary>
    private static DateTimeOffset At(DateOnly seoulDay) => new DateTimeOffset(seoulDay.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9)).ToUniversalTime();

    private Task<int> MovementsAsync(Movement movement, PortfolioCategory category) =>
        _app.QueryAsync(db => db.Movements.CountAsync(m => m.Movement == movement && m.Category == category));

    private async Task PublishAllAsync<TMessage>(IEnumerable<Accident> items, Func<Accident, (TMessage Message, Guid Id)> message)
        where TMessage : class =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
        {
            var (body, id) = message(item);
            await _app.PublishAsync(body, id); // typed: the message's own exchange, as the guarantee service publishes it
        });

    /// <summary>Files (S3001), reviews (S3001), approves and pays (S3002) each claim on <paramref name="day"/>; repays the marked ones in full.</summary>
    private async Task PayAsync(IReadOnlyList<Accident> accidents, DateOnly day)
    {
        _clock.SetSeoulDay(day);
        var maker = Client("S3001");
        var checker = Client("S3002");
        await Parallel.ForEachAsync(accidents, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (a, ct) =>
        {
            var body = new
            {
                guaranteeId = a.GuaranteeId, trigger = "Default", principal = a.Outstanding, contractAnnualRate = 0m, interestPaidTo = a.AccidentOn,
                claimedCosts = 0, payeeBankCode = "011", payeeAccount = "301-1234-5678-91",
            };
            var claimId = (await JsonAsync(await maker.PostAsJsonAsync("/api/subrogation/claims", body, ct), HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await JsonAsync(await maker.PostAsJsonAsync($"/api/subrogation/claims/{claimId}/review", new { paymentDate = day, approvedCosts = 0 }, ct), HttpStatusCode.OK);
            await JsonAsync(await checker.PostAsync($"/api/subrogation/claims/{claimId}/approval", null, ct), HttpStatusCode.OK);
            var paid = await JsonAsync(await checker.PostAsync($"/api/subrogation/claims/{claimId}/payment", null, ct), HttpStatusCode.OK);
            Assert.Equal(a.Outstanding, paid.GetProperty("claim").GetProperty("payable").GetProperty("guarantorShare").GetInt64());
            if (a.Recover)
            {
                var recourseId = paid.GetProperty("recourseId").GetGuid();
                var recovery = await JsonAsync(
                    await maker.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/recoveries", new { amount = a.Outstanding, recoveredOn = day }, ct), HttpStatusCode.Created);
                Assert.Equal(a.Outstanding, recovery.GetProperty("toPrincipal").GetInt64());
            }
        });
    }

    private static async Task<Dictionary<string, JsonElement>> BooksAsync(HttpClient reader, int year)
    {
        var report = await JsonAsync(await reader.GetAsync($"/api/subrogation/reports/roll-forward?from={year}-01-01&to={year}-12-31&fundCode={Fund}"), HttpStatusCode.OK);
        return report.GetProperty("books").EnumerateArray().ToDictionary(b => b.GetProperty("category").GetString()!);
    }

    private static (long Count, long Won) Of(Dictionary<string, JsonElement> books, string book, string movement)
    {
        var lines = books[book].GetProperty("movements").EnumerateObject().Where(p => string.Equals(p.Name, movement, StringComparison.OrdinalIgnoreCase)).ToList();
        return (lines.Sum(p => p.Value.GetProperty("count").GetInt64()), lines.Sum(p => p.Value.GetProperty("won").GetInt64()));
    }

    private static (long Count, long Won) Tally(Dictionary<string, JsonElement> books, string book, string side) =>
        (books[book].GetProperty(side).GetProperty("count").GetInt64(), books[book].GetProperty(side).GetProperty("won").GetInt64());

    /// <summary>A recourse officer's token valid over the whole run on either clock (the service validates with its own).</summary>
    private HttpClient Client(string employeeNumber)
    {
        var token = _app.Tokens.Issue(
            new Dictionary<string, object>
            {
                ["sub"] = employeeNumber, ["client_id"] = "seomin-staff", ["client_type"] = "staff", ["role"] = new[] { StaffRoles.RecourseOfficer },
                ["name"] = "테스트 직원", ["branch"] = "본점",
            },
            [Audiences.Subrogation],
            lifetime: TimeSpan.FromDays(12 * 365),
            issuedAt: new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private enum Fate
    {
        Normalised,
        Subrogated2019,
        Subrogated2020,
    }

    private sealed record Accident(Guid GuaranteeId, string CustomerId, DateOnly AccidentOn, long Outstanding, Fate Fate, bool Recover);

    /// <summary><paramref name="Count"/> accidents in <paramref name="Year"/> whose outstanding balances sum to <paramref name="Millions"/> 백만원 exactly.</summary>
    private sealed record Group(int Year, int Count, long Millions, Fate Fate, bool Recover)
    {
        public IEnumerable<Accident> Accidents()
        {
            // Uneven balances (weights 4–12) that sum to the total to the won; accidents from January to August
            // (or October to December of 2018), so the three-month waiting period has run by the payment in December.
            var weights = Enumerable.Range(0, Count).Select(i => 4L + (i * 7 % 9)).ToArray();
            var total = Millions * Million;
            var sum = weights.Sum();
            var amounts = weights.Select(w => total * w / sum).ToArray();
            amounts[^1] += total - amounts.Sum();
            var first = Year == 2018 ? new DateOnly(2018, 10, 1) : new DateOnly(Year, 1, 2);
            var span = Year == 2018 ? 90 : 240;
            for (var i = 0; i < Count; i++)
            {
                yield return new Accident(Guid.CreateVersion7(), "C" + Guid.NewGuid().ToString("N")[..20], first.AddDays(i % span), amounts[i], Fate, Recover);
            }
        }
    }

    /// <summary>The system clock shifted to a chosen Seoul day (time keeps running, so timers and leases behave).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        private long _offsetTicks;

        public void SetSeoulDay(DateOnly day)
        {
            var target = new DateTimeOffset(day.ToDateTime(new TimeOnly(11, 0)), TimeSpan.FromHours(9));
            Interlocked.Exchange(ref _offsetTicks, (target - System.GetUtcNow()).Ticks);
        }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
    }
}
