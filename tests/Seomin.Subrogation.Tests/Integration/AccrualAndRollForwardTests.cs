using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contracts.Contributions;
using Seomin.Contracts.Guarantee;
using Seomin.Messaging;
using Seomin.Subrogation.Api.Features.Accrual;
using Seomin.Subrogation.Domain.Grading;
using Seomin.Subrogation.Domain.Recourse;
using Seomin.Testing;
using static Seomin.Subrogation.Tests.Integration.Scenario;

namespace Seomin.Subrogation.Tests.Integration;

/// <summary>The nightly accrual job, the roll-forward from API-entered movements and institution filing.</summary>
public sealed class AccrualAndRollForwardTests(PlatformServers servers) : IAsyncLifetime
{
    private const long Eok = 100_000_000; // 억원
    private SubrogationApp _app = null!;
    private Scenario _s = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await SubrogationApp.StartAsync(servers, "subrogation-books");
        _s = new Scenario(_app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_nightly_job_brings_late_charge_and_grade_up_to_a_day_like_the_domain_and_a_second_run_changes_nothing()
    {
        // A grid of claims built through the domain: ages, recoveries, known assets, stays and plans.
        var day = Today.AddDays(30);
        var claims = new List<RecourseClaim>();
        foreach (var ageDays in new[] { 200, 4 * 365, 9 * 365 + 200 })
        {
            foreach (var recoveredDaysAgo in new int?[] { null, 30, 120, 300, 500 })
            {
                foreach (var assets in new[] { false, true })
                {
                    foreach (var state in new[] { "collecting", "stayed", "plan" })
                    {
                        if (recoveredDaysAgo >= ageDays)
                        {
                            continue;
                        }

                        var opened = day.AddDays(-ageDays);
                        var claim = RecourseClaim.Open(Guid.CreateVersion7(), Guid.NewGuid(), Guid.NewGuid(), "C-grid", FundCodes.IncheonBase, 1_000_003 + claims.Count, opened);
                        var last = opened;
                        if (recoveredDaysAgo is { } ago)
                        {
                            last = day.AddDays(-ago);
                            claim.Recover(10_000, last);
                        }

                        if (assets)
                        {
                            claim.RecordKnownAssets();
                        }

                        if (state == "stayed")
                        {
                            claim.StayCollection(last);
                        }
                        else if (state == "plan")
                        {
                            claim.AgreeInstalments(Guid.NewGuid(), 100, last.AddMonths(1).AddYears(10), waiveLateCharge: false, last);
                        }

                        claims.Add(claim);
                    }
                }
            }
        }

        await _app.QueryAsync(async db =>
        {
            db.RecourseClaims.AddRange(claims);
            return await db.SaveChangesAsync();
        });

        var operatorClient = _app.As(_app.Tokens.Staff("S9001", [StaffRoles.Operator], Audiences.Subrogation));
        var run = await JsonAsync(await operatorClient.PostAsJsonAsync("/api/subrogation/jobs/late-charge-accrual", new { on = day }), HttpStatusCode.OK);
        Assert.Equal(claims.Count, run.GetProperty("updated").GetInt64());

        var stored = await _app.QueryAsync(db => db.RecourseClaims.AsNoTracking().Where(r => r.CustomerId == "C-grid").ToDictionaryAsync(r => r.Id));
        Assert.Equal(claims.Count, stored.Count);
        var grades = new HashSet<RecourseGrade>();
        foreach (var expected in claims)
        {
            var actual = stored[expected.Id];
            expected.AccrueTo(day);
            var (grade, rule) = RecourseGrading.Grade(expected.GradingFacts, day);
            Assert.Equal(day, actual.AccruedThrough);
            Assert.Equal(expected.LateChargeDue, actual.LateChargeDue);
            Assert.Equal((grade, rule.Name), (actual.Grade, actual.GradeRule));
            grades.Add(grade);
        }

        Assert.True(grades.Count >= 5, $"the grid reaches most grades ({string.Join(",", grades)})");

        // 1,000,003 won opened 200 days before the day, no recovery, no plan: 1,000,003 × 12% × 200 / 365 = 65,753.6 → 65,753.
        var first = stored[claims[0].Id];
        Assert.Equal(65_753, first.LateChargeDue);

        var again = await JsonAsync(await operatorClient.PostAsJsonAsync("/api/subrogation/jobs/late-charge-accrual", new { on = day }), HttpStatusCode.OK);
        Assert.Equal(0, again.GetProperty("updated").GetInt64());
        var earlier = await JsonAsync(await operatorClient.PostAsJsonAsync("/api/subrogation/jobs/late-charge-accrual", new { on = day.AddDays(-1) }), HttpStatusCode.OK);
        Assert.Equal(0, earlier.GetProperty("updated").GetInt64());
        var unchanged = await _app.QueryAsync(db => db.RecourseClaims.AsNoTracking().Where(r => r.CustomerId == "C-grid").ToDictionaryAsync(r => r.Id, r => r.LateChargeAccrued));
        Assert.All(stored, kv => Assert.Equal(kv.Value.LateChargeAccrued, unchanged[kv.Key]));

        var counselor = _app.As(_app.Tokens.Staff("S5001", [StaffRoles.Counselor], Audiences.Subrogation));
        Assert.Equal(HttpStatusCode.Forbidden, (await counselor.PostAsJsonAsync("/api/subrogation/jobs/late-charge-accrual", new { on = day })).StatusCode);
    }

    [Fact]
    public void Every_grading_rule_has_its_sql_predicate()
    {
        Assert.Equal(RecourseGrading.Rules.Select(r => r.Name).Order(), GradingSql.Predicates.Keys.Order());
        Assert.Contains("@day", LateChargeAccrual.BatchSql(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The Incheon 2021 plan (reference-figures.md, 억원) entered through the API: opening balances as a migration, then
    /// six accidents (one normalised), five claims paid (one with 10억 of contract interest), recoveries, write-offs,
    /// an extinguishment, a sale and a reduction, each through its endpoint.
    /// </summary>
    [Fact]
    public async Task The_Incheon_2021_plan_entered_through_the_api_rolls_forward_to_the_seeds_figures()
    {
        var officer = _app.Officer("S3001");
        var fund = FundCodes.IncheonBase;
        var from = Today.AddMonths(-5);
        var openingOn = from.AddDays(-1);
        foreach (var (category, won, count) in new[] { ("Accident", 80L, 40L), ("Recourse", 2_080L, 900L), ("Special", 883L, 600L) })
        {
            await JsonAsync(await officer.PostAsJsonAsync("/api/subrogation/reports/opening-balances",
                new { category, fundCode = fund, on = openingOn, count, won = won * Eok, reference = $"2020 결산 {category}" }), HttpStatusCode.Created);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync("/api/subrogation/reports/opening-balances",
            new { category = "Accident", fundCode = fund, on = openingOn, count = 40, won = 80 * Eok, reference = "2020 결산 Accident" })).StatusCode);

        // Accidents: 880 new = 616 later subrogated + 264 normalised (guarantee ratio 100%).
        async Task<JsonElement> PayAsync(long principalEok, bool withInterest)
        {
            var guarantee = await _s.GuaranteeInAccidentAsync(guaranteed: (principalEok + 20) * Eok, outstanding: principalEok * Eok, ratio: 1m, lender: "IBK", fundCode: fund);
            // 5% a year for 365 days on 200억 = 10억 of contract interest; the others had their interest paid to today.
            var body = ClaimBody(guarantee, principal: principalEok * Eok, rate: withInterest ? 0.05m : 0m,
                interestPaidTo: withInterest ? Today.AddDays(-365) : Today.AddMonths(-4), claimedCosts: 0);
            return await _s.PaidAsync(body, approvedCosts: 0);
        }

        var extinguish = await PayAsync(250, false);
        var sell = await PayAsync(20, false);
        var keep = await PayAsync(130, false);
        var recover = await PayAsync(200, true);
        await PayAsync(16, false);
        Assert.Equal(210 * Eok, recover.GetProperty("claim").GetProperty("payable").GetProperty("guarantorShare").GetInt64());

        var normalised = await _s.GuaranteeInAccidentAsync(guaranteed: 300 * Eok, outstanding: 264 * Eok, ratio: 1m, lender: "IBK", fundCode: fund);
        var customer = await _app.QueryAsync(db => db.Guarantees.Where(g => g.GuaranteeId == normalised).Select(g => g.CustomerId).SingleAsync());
        var cured = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeNormalized { EventId = cured, GuaranteeId = normalised, CustomerId = customer, OccurredAt = DateTimeOffset.UtcNow }, cured);
        await Probe.UntilAsync(() => _app.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == normalised && g.NormalizedAt != null)), "normalised", TimeSpan.FromSeconds(90));

        Guid Id(JsonElement paid) => paid.GetProperty("recourseId").GetGuid();
        async Task PostAsync(string path, object body) =>
            await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{path}", body), path.EndsWith("recoveries", StringComparison.Ordinal) ? HttpStatusCode.Created : HttpStatusCode.OK);

        // 구상채권: 186 recovered (on the payment day: no late charge yet, all to principal), 400 written off.
        await PostAsync($"{Id(recover)}/recoveries", new { amount = 186 * Eok, recoveredOn = Today });
        foreach (var paid in new[] { extinguish, sell, keep })
        {
            await PostAsync($"{Id(paid)}/write-off", new { on = Today });
        }

        // 특수채권: 18 recovered, 250 extinguished, 20 sold (for 1억), 5 reduced.
        await PostAsync($"{Id(keep)}/recoveries", new { amount = 18 * Eok, recoveredOn = Today });
        await PostAsync($"{Id(extinguish)}/extinguishment", new { on = Today });
        await PostAsync($"{Id(sell)}/sale", new { buyer = "KAMCO", price = 1 * Eok, on = Today });
        await PostAsync($"{Id(keep)}/principal-reductions", new { amount = 5 * Eok, on = Today });

        var report = await JsonAsync(await officer.GetAsync($"/api/subrogation/reports/roll-forward?from={from:yyyy-MM-dd}&to={Today:yyyy-MM-dd}&fundCode={fund}"), HttpStatusCode.OK);
        var books = report.GetProperty("books").EnumerateArray().ToDictionary(b => b.GetProperty("category").GetString()!);
        static long Won(JsonElement book, string movement) => book.GetProperty("movements").EnumerateObject()
            .Where(p => string.Equals(p.Name, movement, StringComparison.OrdinalIgnoreCase)).Sum(p => p.Value.GetProperty("won").GetInt64());

        var accident = books["accident"];
        Assert.Equal(80 * Eok, accident.GetProperty("opening").GetProperty("won").GetInt64());
        Assert.Equal(880 * Eok, Won(accident, "new"));
        Assert.Equal(264 * Eok, Won(accident, "normalised"));
        Assert.Equal(616 * Eok, Won(accident, "subrogated"));
        Assert.Equal(80 * Eok, accident.GetProperty("closing").GetProperty("won").GetInt64());
        Assert.Equal(40, accident.GetProperty("closing").GetProperty("count").GetInt64()); // 40 + 6 − 1 − 5

        var recourse = books["recourse"];
        Assert.Equal(2_080 * Eok, recourse.GetProperty("opening").GetProperty("won").GetInt64());
        Assert.Equal(626 * Eok, Won(recourse, "new"));
        Assert.Equal(186 * Eok, Won(recourse, "recovered"));
        Assert.Equal(400 * Eok, Won(recourse, "writtenOff"));
        Assert.Equal(2_120 * Eok, recourse.GetProperty("closing").GetProperty("won").GetInt64());
        Assert.Equal(902, recourse.GetProperty("closing").GetProperty("count").GetInt64()); // 900 + 5 − 3 written off

        var special = books["special"];
        Assert.Equal(883 * Eok, special.GetProperty("opening").GetProperty("won").GetInt64());
        Assert.Equal(400 * Eok, Won(special, "new"));
        Assert.Equal(18 * Eok, Won(special, "recovered"));
        Assert.Equal(250 * Eok, Won(special, "extinguished"));
        Assert.Equal(20 * Eok, Won(special, "sold"));
        Assert.Equal(5 * Eok, Won(special, "reduced"));
        Assert.Equal(990 * Eok, special.GetProperty("closing").GetProperty("won").GetInt64());
        Assert.Equal(601, special.GetProperty("closing").GetProperty("count").GetInt64()); // 600 + 3 − 1 extinguished − 1 sold

        // The period before: only the opening balances, as the closing of the day before.
        var before = await JsonAsync(await officer.GetAsync($"/api/subrogation/reports/roll-forward?from={openingOn:yyyy-MM-dd}&to={openingOn:yyyy-MM-dd}&fundCode={fund}"), HttpStatusCode.OK);
        var migrated = before.GetProperty("books").EnumerateArray().ToDictionary(b => b.GetProperty("category").GetString()!);
        Assert.Equal(2_080 * Eok, migrated["recourse"].GetProperty("closing").GetProperty("won").GetInt64());
        Assert.Equal(0, migrated["recourse"].GetProperty("opening").GetProperty("won").GetInt64());
        var audit = await _app.QueryAsync(db => db.Set<Seomin.PersonalData.Audit.AuditLogEntry>().CountAsync(a => a.ResourceType == "BookOpeningBalance"));
        Assert.Equal(3, audit);
    }

    [Fact]
    public async Task A_lenders_institution_client_files_claims_only_on_its_own_guarantees_and_sees_only_its_own_claims()
    {
        var ibk = _app.As(_app.Tokens.Institution("ibk-lender", "IBK", [Scopes.SubrogationClaim], Audiences.Subrogation));
        var own = await _s.GuaranteeInAccidentAsync(lender: "IBK");
        var others = await _s.GuaranteeInAccidentAsync(lender: "NH");

        Assert.Equal(HttpStatusCode.NotFound, (await ibk.PostAsJsonAsync("/api/subrogation/claims", ClaimBody(others))).StatusCode);
        var filed = await JsonAsync(await ibk.PostAsJsonAsync("/api/subrogation/claims", ClaimBody(own)), HttpStatusCode.Created);
        Assert.Equal("ibk-lender", filed.GetProperty("filedBy").GetString());
        var nhClaim = await JsonAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(others)), HttpStatusCode.Created);

        var list = await JsonAsync(await ibk.GetAsync("/api/subrogation/claims"), HttpStatusCode.OK);
        Assert.Equal(filed.GetProperty("id").GetGuid(), Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await ibk.GetAsync($"/api/subrogation/claims/{nhClaim.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ibk.GetAsync($"/api/subrogation/claims/{filed.GetProperty("id").GetGuid()}")).StatusCode);

        // The scope files and reads claims only: no review, no recourse.
        Assert.Equal(HttpStatusCode.Forbidden, (await ibk.PostAsJsonAsync($"/api/subrogation/claims/{filed.GetProperty("id").GetGuid()}/review", new { paymentDate = Today })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ibk.GetAsync("/api/subrogation/recourse")).StatusCode);
        var noScope = _app.As(_app.Tokens.Institution("ibk-other", "IBK", [Scopes.ContributionsFile], Audiences.Subrogation));
        Assert.Equal(HttpStatusCode.Forbidden, (await noScope.GetAsync("/api/subrogation/claims")).StatusCode);
    }
}
