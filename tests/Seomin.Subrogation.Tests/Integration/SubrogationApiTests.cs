using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contracts.Guarantee;
using Seomin.Contracts.Subrogation;
using Seomin.Messaging;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain.Reports;
using Seomin.Testing;

namespace Seomin.Subrogation.Tests.Integration;

/// <summary>The subrogation service on real PostgreSQL and RabbitMQ: projection, claims, payment, recourse, books.</summary>
public sealed class SubrogationApiTests(PlatformServers servers) : IAsyncLifetime
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime);
    private SubrogationApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await SubrogationApp.StartAsync(servers, "subrogation");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_normalisation_consumed_before_its_accident_is_booked_once_the_accident_arrives()
    {
        var id = Guid.CreateVersion7();
        var customer = "C" + Guid.NewGuid().ToString("N")[..20];
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime);
        var issued = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeIssued
        {
            EventId = issued, GuaranteeId = id, ApplicationId = Guid.NewGuid(), CertificateNumber = "CERT-" + id.ToString("N")[..8], CustomerId = customer,
            ProductCode = "WORKER_SUNSHINE", LenderCode = "NH", GuaranteedAmount = 18_000_000, GuaranteeRatio = 0.9m,
            StartDate = today.AddYears(-1), EndDate = today.AddYears(4), OccurredAt = DateTimeOffset.UtcNow.AddDays(-400),
        }, issued);
        await Probe.UntilAsync(() => _app.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == id && g.StartDate != null)), "the guarantee projected");
        var curedAt = new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero); // 2026-10-01 01:00 in Seoul
        var normalised = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeNormalized { EventId = normalised, GuaranteeId = id, CustomerId = customer, OccurredAt = curedAt }, normalised);
        await Probe.UntilAsync(() => _app.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == id && g.NormalizedAt != null)), "the normalisation consumed");

        var accident = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeAccidentReported
        {
            EventId = accident, GuaranteeId = id, CustomerId = customer, LenderCode = "NH", OutstandingBalance = 10_000_000,
            Kind = "Default", AccidentDate = new DateOnly(2026, 6, 1), OccurredAt = curedAt.AddDays(-60),
        }, accident);

        await Probe.UntilAsync(async () => await _app.QueryAsync(db => db.Movements.CountAsync(m => m.SubjectId == id)) == 2, "both accident movements booked");
        var movements = await _app.QueryAsync(db => db.Movements.Where(m => m.SubjectId == id && m.Category == PortfolioCategory.Accident).OrderBy(m => m.Movement).ToListAsync());
        Assert.Equal([Movement.New, Movement.Normalised], movements.Select(m => m.Movement).Order());
        Assert.All(movements, m => Assert.Equal(9_000_000, m.Won)); // 90% of the 10,000,000 outstanding at the accident
        Assert.Equal(new DateOnly(2026, 6, 1), movements.Single(m => m.Movement == Movement.New).On);
        Assert.Equal(new DateOnly(2026, 10, 1), movements.Single(m => m.Movement == Movement.Normalised).On);
    }

    /// <summary>Plays the guarantee service: issued on <paramref name="issuedOn"/>, in accident on <paramref name="accidentOn"/>.</summary>
    private async Task<Guid> GuaranteeInAccidentAsync(DateOnly issuedOn, DateOnly accidentOn, long guaranteed = 18_000_000, long outstanding = 10_000_000)
    {
        var id = Guid.CreateVersion7();
        var customer = "C" + Guid.NewGuid().ToString("N")[..20];
        var issued = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeIssued
        {
            EventId = issued, GuaranteeId = id, ApplicationId = Guid.NewGuid(), CertificateNumber = "CERT-1", CustomerId = customer,
            ProductCode = "WORKER_SUNSHINE", LenderCode = "NH", GuaranteedAmount = guaranteed, GuaranteeRatio = 0.9m,
            StartDate = issuedOn, EndDate = issuedOn.AddYears(5), OccurredAt = DateTimeOffset.UtcNow.AddDays(-400),
        }, issued);
        var accident = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeAccidentReported
        {
            EventId = accident, GuaranteeId = id, CustomerId = customer, LenderCode = "NH", OutstandingBalance = outstanding,
            Kind = "Default", AccidentDate = accidentOn, OccurredAt = DateTimeOffset.UtcNow.AddDays(-120),
        }, accident);
        await Probe.UntilAsync(
            () => _app.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == id && g.AccidentOn != null && g.StartDate != null)),
            "the guarantee projected with its accident",
            TimeSpan.FromSeconds(30));
        return id;
    }

    private static object ClaimBody(Guid guaranteeId, long principal = 10_000_000, string account = "301-1234-5678-91") => new
    {
        guaranteeId, trigger = "Default", principal, contractAnnualRate = 0.05m, interestPaidTo = Today.AddDays(-120),
        claimedCosts = 200_000, payeeBankCode = "011", payeeAccount = account,
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<string> RuleAsync(HttpResponseMessage response)
    {
        var problem = await JsonAsync(response, HttpStatusCode.UnprocessableEntity);
        return problem.GetProperty("rule").GetString()!;
    }

    private async Task<Guid> ApprovedClaimAsync(Guid guaranteeId, string account = "301-1234-5678-91")
    {
        var filed = await JsonAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(guaranteeId, account: account)), HttpStatusCode.Created);
        var claimId = filed.GetProperty("id").GetGuid();
        await JsonAsync(await _app.Officer("S3001").PostAsJsonAsync($"/api/subrogation/claims/{claimId}/review", new { paymentDate = Today, approvedCosts = 150_000 }), HttpStatusCode.OK);
        await JsonAsync(await _app.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/approval", null), HttpStatusCode.OK);
        return claimId;
    }

    [Fact]
    public async Task A_claim_is_filed_reviewed_approved_by_another_officer_and_paid_once_opening_the_recourse_claim()
    {
        var guaranteeId = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-4));
        var filed = await JsonAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(guaranteeId)), HttpStatusCode.Created);
        var claimId = filed.GetProperty("id").GetGuid();
        Assert.Equal("filed", filed.GetProperty("status").GetString());
        Assert.Equal("************8-91", filed.GetProperty("payeeAccountMasked").GetString());

        var reviewed = await JsonAsync(
            await _app.Officer("S3001").PostAsJsonAsync($"/api/subrogation/claims/{claimId}/review", new { paymentDate = Today, approvedCosts = 150_000 }),
            HttpStatusCode.OK);
        var payable = reviewed.GetProperty("payable");
        var share = payable.GetProperty("guarantorShare").GetInt64();
        Assert.Equal(payable.GetProperty("base").GetInt64(), share + payable.GetProperty("lenderShare").GetInt64());

        // Maker-checker: the reviewer cannot approve.
        Assert.Equal(MakerChecker.ErrorCode, await RuleAsync(await _app.Officer("S3001").PostAsync($"/api/subrogation/claims/{claimId}/approval", null)));
        await JsonAsync(await _app.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/approval", null), HttpStatusCode.OK);

        var paid = await JsonAsync(await _app.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/payment", null), HttpStatusCode.OK);
        Assert.False(paid.GetProperty("alreadyPaid").GetBoolean());
        Assert.Equal("paid", paid.GetProperty("claim").GetProperty("status").GetString());
        var recourseId = paid.GetProperty("recourseId").GetGuid();

        var again = await JsonAsync(await _app.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/payment", null), HttpStatusCode.OK);
        Assert.True(again.GetProperty("alreadyPaid").GetBoolean());
        Assert.Equal(recourseId, again.GetProperty("recourseId").GetGuid());
        Assert.Equal(1, await _app.Bank.Inner!.CountAsync(claimId.ToString("N"), CancellationToken.None));

        var recourse = await JsonAsync(await _app.Officer("S3001").GetAsync($"/api/subrogation/recourse/{recourseId}"), HttpStatusCode.OK);
        Assert.Equal(share, recourse.GetProperty("principal").GetInt64());
        Assert.Equal("recourse", recourse.GetProperty("category").GetString());

        await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<SubrogationPaid>().Any(p => p.ClaimId == claimId && p.Amount == share)
                && _app.ObservedOf<RecourseClaimOpened>().Any(o => o.RecourseId == recourseId)),
            "SubrogationPaid and RecourseClaimOpened published", TimeSpan.FromSeconds(30));
        var cover = await JsonAsync(await _app.Officer("S3001").GetAsync($"/api/subrogation/guarantees/{guaranteeId}"), HttpStatusCode.OK);
        Assert.Equal(Today.ToString("yyyy-MM-dd"), cover.GetProperty("subrogatedOn").GetString());
    }

    [Fact]
    public async Task A_lost_bank_answer_leaves_the_claim_approved_and_the_retry_gets_the_same_transfer()
    {
        var guaranteeId = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-4));
        var claimId = await ApprovedClaimAsync(guaranteeId);

        _app.Bank.LoseNextAnswers(1);
        var lost = await JsonAsync(await _app.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/payment", null), HttpStatusCode.BadGateway);
        Assert.Equal("bank_transfer_not_confirmed", lost.GetProperty("errorCode").GetString());
        var claim = await JsonAsync(await _app.Officer("S3002").GetAsync($"/api/subrogation/claims/{claimId}"), HttpStatusCode.OK);
        Assert.Equal("approved", claim.GetProperty("status").GetString());
        Assert.Equal(1, claim.GetProperty("failedTransfers").GetInt32());

        await JsonAsync(await _app.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/payment", null), HttpStatusCode.OK);
        Assert.Equal(1, await _app.Bank.Inner!.CountAsync(claimId.ToString("N"), CancellationToken.None));
        Assert.Equal(1, await _app.QueryAsync(db => db.RecourseClaims.CountAsync(r => r.ClaimId == claimId)));
    }

    [Fact]
    public async Task Claims_before_the_waiting_period_without_an_accident_twice_or_above_the_guaranteed_amount_are_refused()
    {
        var early = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-1));
        Assert.Equal("ClaimWaitingPeriodMustHaveElapsed", await RuleAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(early))));

        Assert.Equal("GuaranteeMustBeInForceAtAccident", await RuleAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(Guid.NewGuid()))));

        var beforeIssue = await GuaranteeInAccidentAsync(Today.AddMonths(-3), Today.AddMonths(-5));
        Assert.Equal("GuaranteeMustBeInForceAtAccident", await RuleAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(beforeIssue))));

        var small = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-4), guaranteed: 5_000_000);
        Assert.Equal("ClaimMustNotExceedGuaranteedAmount", await RuleAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(small))));

        var twice = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-4));
        await JsonAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(twice)), HttpStatusCode.Created);
        Assert.Equal("OneClaimPerAccident", await RuleAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(twice))));

        Assert.Equal(0, _app.Bank.Calls);
    }

    [Fact]
    public async Task A_claim_on_a_guarantee_that_lapsed_is_refused_whichever_event_arrives_first()
    {
        // Issued, in accident, then lapsed (no loan executed): never in force.
        var lapsedLast = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-4));
        var customer = await _app.QueryAsync(db => db.Guarantees.Where(g => g.GuaranteeId == lapsedLast).Select(g => g.CustomerId).SingleAsync());
        var lapse = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeLapsed { EventId = lapse, GuaranteeId = lapsedLast, CustomerId = customer, OccurredAt = DateTimeOffset.UtcNow.AddDays(-300) }, lapse);
        await Probe.UntilAsync(() => _app.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == lapsedLast && g.TerminatedOn != null)), "the lapse projected", TimeSpan.FromSeconds(30));
        Assert.Equal("GuaranteeMustBeInForceAtAccident", await RuleAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(lapsedLast))));

        // The lapse arrives before the issue.
        var lapsedFirst = Guid.CreateVersion7();
        var other = "C" + Guid.NewGuid().ToString("N")[..20];
        var early = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeLapsed { EventId = early, GuaranteeId = lapsedFirst, CustomerId = other, OccurredAt = DateTimeOffset.UtcNow.AddDays(-300) }, early);
        await Probe.UntilAsync(() => _app.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == lapsedFirst)), "the early lapse projected", TimeSpan.FromSeconds(30));
        var issued = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeIssued
        {
            EventId = issued, GuaranteeId = lapsedFirst, ApplicationId = Guid.NewGuid(), CertificateNumber = "CERT-2", CustomerId = other,
            ProductCode = "WORKER_SUNSHINE", LenderCode = "NH", GuaranteedAmount = 18_000_000, GuaranteeRatio = 0.9m,
            StartDate = Today.AddYears(-1), EndDate = Today.AddYears(4), OccurredAt = DateTimeOffset.UtcNow.AddDays(-400),
        }, issued);
        var accident = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeAccidentReported
        {
            EventId = accident, GuaranteeId = lapsedFirst, CustomerId = other, LenderCode = "NH", OutstandingBalance = 10_000_000,
            Kind = "Default", AccidentDate = Today.AddMonths(-4), OccurredAt = DateTimeOffset.UtcNow.AddDays(-120),
        }, accident);
        await Probe.UntilAsync(
            () => _app.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == lapsedFirst && g.AccidentOn != null && g.TerminatedOn == Today.AddYears(-1))),
            "the issue and accident after the lapse", TimeSpan.FromSeconds(30));
        Assert.Equal("GuaranteeMustBeInForceAtAccident", await RuleAsync(await _app.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", ClaimBody(lapsedFirst))));
        Assert.Equal(0, _app.Bank.Calls);
    }

    [Fact]
    public async Task Recoveries_go_to_costs_late_charge_principal_never_above_the_balance_and_the_books_roll_forward()
    {
        var guaranteeId = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-4));
        var claimId = await ApprovedClaimAsync(guaranteeId);
        var paid = await JsonAsync(await _app.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/payment", null), HttpStatusCode.OK);
        var recourseId = paid.GetProperty("recourseId").GetGuid();
        var officer = _app.Officer("S3001");

        await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/costs", new { amount = 50_000, on = Today }), HttpStatusCode.OK);
        var in73Days = Today.AddDays(73);
        var before = await JsonAsync(await officer.GetAsync($"/api/subrogation/recourse/{recourseId}?asOf={in73Days:yyyy-MM-dd}"), HttpStatusCode.OK);
        var balance = before.GetProperty("balance").GetInt64();
        var late = before.GetProperty("lateCharge").GetInt64();
        Assert.True(late > 0);

        Assert.Equal("RecoveryMustNotExceedBalance", await RuleAsync(
            await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/recoveries", new { amount = balance + 1, recoveredOn = in73Days })));

        var recovered = await JsonAsync(
            await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/recoveries", new { amount = 1_000_000, recoveredOn = in73Days }),
            HttpStatusCode.Created);
        Assert.Equal(50_000, recovered.GetProperty("toCosts").GetInt64());
        Assert.Equal(late, recovered.GetProperty("toLateCharge").GetInt64());
        Assert.Equal(1_000_000 - 50_000 - late, recovered.GetProperty("toPrincipal").GetInt64());
        Assert.Equal(balance - 1_000_000, recovered.GetProperty("recourse").GetProperty("balance").GetInt64());

        var principalLeft = recovered.GetProperty("recourse").GetProperty("principal").GetInt64();
        var writtenOff = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/write-off", new { on = in73Days }), HttpStatusCode.OK);
        Assert.Equal("special", writtenOff.GetProperty("category").GetString());

        var report = await JsonAsync(
            await officer.GetAsync($"/api/subrogation/reports/roll-forward?from={Today:yyyy-MM-dd}&to={in73Days:yyyy-MM-dd}"),
            HttpStatusCode.OK);
        var books = report.GetProperty("books").EnumerateArray().ToDictionary(b => b.GetProperty("category").GetString()!);
        var recourseBook = books["recourse"];
        var share = paid.GetProperty("claim").GetProperty("payable").GetProperty("guarantorShare").GetInt64();

        // This test's own claim is one of the book's rows; other tests in the class add theirs, so compare with the database.
        var expected = await _app.QueryAsync(db => db.Movements.Where(m => m.Category == PortfolioCategory.Recourse && m.On >= Today && m.On <= in73Days)
            .GroupBy(m => 1).Select(g => g.Sum(m => m.Movement == Movement.New ? m.Won : -m.Won)).SingleAsync());
        Assert.Equal(expected, recourseBook.GetProperty("closing").GetProperty("won").GetInt64() - recourseBook.GetProperty("opening").GetProperty("won").GetInt64());
        Assert.Contains(await _app.QueryAsync(db => db.Movements.Where(m => m.SubjectId == recourseId).ToListAsync()),
            m => m.Category == PortfolioCategory.Special && m.Movement == Movement.New && m.Won == principalLeft);
        Assert.Contains(await _app.QueryAsync(db => db.Movements.Where(m => m.SubjectId == recourseId).ToListAsync()),
            m => m.Category == PortfolioCategory.Recourse && m.Movement == Movement.New && m.Won == share);
    }

    [Fact]
    public async Task A_repeated_or_late_guarantee_event_does_not_double_the_accident_book()
    {
        var guaranteeId = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-4));
        var movements = await _app.QueryAsync(db => db.Movements.Where(m => m.SubjectId == guaranteeId).ToListAsync());
        var accident = Assert.Single(movements);
        Assert.Equal(9_000_000, accident.Won); // 90% of the 10,000,000 outstanding

        // The same accident event again (same message id), and an older report arriving late.
        var replay = await _app.QueryAsync(db => db.Guarantees.SingleAsync(g => g.GuaranteeId == guaranteeId));
        await _app.PublishAsync(new GuaranteeAccidentReported
        {
            EventId = accident.SourceId, GuaranteeId = guaranteeId, CustomerId = replay.CustomerId, LenderCode = "NH",
            OutstandingBalance = 10_000_000, Kind = "Default", AccidentDate = replay.AccidentOn!.Value, OccurredAt = replay.AccidentReportedAt!.Value,
        }, accident.SourceId);
        var older = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeAccidentReported
        {
            EventId = older, GuaranteeId = guaranteeId, CustomerId = replay.CustomerId, LenderCode = "NH",
            OutstandingBalance = 99_000_000, Kind = "Default", AccidentDate = Today.AddMonths(-9), OccurredAt = replay.AccidentReportedAt!.Value.AddDays(-30),
        }, older);
        var normalized = MessageIds.NewId();
        await _app.PublishAsync(new GuaranteeNormalized { EventId = normalized, GuaranteeId = guaranteeId, CustomerId = replay.CustomerId, OccurredAt = DateTimeOffset.UtcNow }, normalized);

        await Probe.UntilAsync(
            () => _app.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == guaranteeId && g.NormalizedAt != null)),
            "the normalisation projected", TimeSpan.FromSeconds(30));
        var after = await _app.QueryAsync(db => db.Movements.Where(m => m.SubjectId == guaranteeId).OrderBy(m => m.RecordedAt).ToListAsync());
        Assert.Equal([Movement.New, Movement.Normalised], after.Select(m => m.Movement));
        Assert.All(after, m => Assert.Equal(9_000_000, m.Won));
        var cover = await JsonAsync(await _app.Officer("S3001").GetAsync($"/api/subrogation/guarantees/{guaranteeId}"), HttpStatusCode.OK);
        Assert.False(cover.GetProperty("inAccident").GetBoolean());
        Assert.Equal(replay.AccidentOn!.Value.ToString("yyyy-MM-dd"), cover.GetProperty("accidentOn").GetString());
    }

    [Fact]
    public async Task Calls_without_a_token_or_with_another_role_or_audience_are_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.As(null).GetAsync("/api/subrogation/claims")).StatusCode);
        var guaranteeAudience = _app.Tokens.Staff("S3001", [StaffRoles.RecourseOfficer], Audiences.Guarantee);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.As(guaranteeAudience).GetAsync("/api/subrogation/claims")).StatusCode);
        var counselor = _app.Tokens.Staff("S5001", [StaffRoles.Counselor], Audiences.Subrogation);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.As(counselor).GetAsync("/api/subrogation/claims")).StatusCode);
        var auditor = _app.Tokens.Staff("S7001", [StaffRoles.Auditor], Audiences.Subrogation);
        Assert.Equal(HttpStatusCode.OK, (await _app.As(auditor).GetAsync("/api/subrogation/claims")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.As(auditor).PostAsJsonAsync("/api/subrogation/claims", ClaimBody(Guid.NewGuid()))).StatusCode);
    }

    [Fact]
    public async Task An_instalment_plan_waives_the_late_charge_defaults_after_two_missed_instalments_and_is_reinstated_when_the_arrears_are_paid()
    {
        var guaranteeId = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-4));
        var claimId = await ApprovedClaimAsync(guaranteeId);
        var paid = await JsonAsync(await _app.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/payment", null), HttpStatusCode.OK);
        var recourseId = paid.GetProperty("recourseId").GetGuid();
        var officer = _app.Officer("S3001");
        var agreedOn = Today.AddDays(30);

        var agreed = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/instalment-plan",
            new { instalments = 10, firstDueOn = agreedOn.AddMonths(1), waiveLateCharge = true, on = agreedOn }), HttpStatusCode.OK);
        var plan = agreed.GetProperty("plan");
        Assert.Equal("instalment", agreed.GetProperty("status").GetString());
        Assert.True(agreed.GetProperty("lateChargeWaived").GetInt64() > 0);
        Assert.Equal(0, agreed.GetProperty("lateCharge").GetInt64());
        Assert.Equal(plan.GetProperty("total").GetInt64(), plan.GetProperty("instalments").EnumerateArray().Sum(i => i.GetProperty("amount").GetInt64()));

        // Stored and read back: the late charge stays suspended while the plan is kept.
        var later = await JsonAsync(await officer.GetAsync($"/api/subrogation/recourse/{recourseId}?asOf={agreedOn.AddDays(40):yyyy-MM-dd}"), HttpStatusCode.OK);
        Assert.Equal(0, later.GetProperty("lateCharge").GetInt64());

        var twoMissed = agreedOn.AddMonths(2);
        var defaulted = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/instalment-plan/check", new { on = twoMissed }), HttpStatusCode.OK);
        Assert.Equal("collecting", defaulted.GetProperty("status").GetString());
        Assert.Equal("defaulted", defaulted.GetProperty("plan").GetProperty("status").GetString());
        await Probe.UntilAsync(
            () => Task.FromResult(_app.Observed.OfType<RepaymentPlanDefaulted>().Any(e => e.RecourseId == recourseId)),
            "RepaymentPlanDefaulted published", TimeSpan.FromSeconds(30));

        var arrears = defaulted.GetProperty("plan").GetProperty("instalments").EnumerateArray().Take(2).Sum(i => i.GetProperty("amount").GetInt64());
        var late = defaulted.GetProperty("lateCharge").GetInt64();
        await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/recoveries", new { amount = arrears + late, recoveredOn = twoMissed }), HttpStatusCode.Created);
        var reinstated = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/instalment-plan/reinstatement", new { on = twoMissed }), HttpStatusCode.OK);
        Assert.Equal("instalment", reinstated.GetProperty("status").GetString());
        Assert.Equal("current", reinstated.GetProperty("plan").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Rehabilitation_stays_collection_and_a_deferral_needs_its_board_resolution()
    {
        var guaranteeId = await GuaranteeInAccidentAsync(Today.AddYears(-1), Today.AddMonths(-4));
        var claimId = await ApprovedClaimAsync(guaranteeId);
        var paid = await JsonAsync(await _app.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/payment", null), HttpStatusCode.OK);
        var recourseId = paid.GetProperty("recourseId").GetGuid();
        var officer = _app.Officer("S3001");

        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/deferral", new { on = Today })).StatusCode);
        var deferred = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/deferral", new { boardResolution = "이사회 2026-12호", on = Today }), HttpStatusCode.OK);
        Assert.Equal("deferred", deferred.GetProperty("status").GetString());
        await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/deferral/end", new { on = Today.AddDays(10) }), HttpStatusCode.OK);

        var stayed = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/collection-stay",
            new { kind = "PersonalRehabilitation", caseNumber = "2026개회12345", on = Today.AddDays(20) }), HttpStatusCode.OK);
        Assert.Equal("collectionStayed", stayed.GetProperty("status").GetString());
        Assert.Equal("CollectionStayed", stayed.GetProperty("gradeRule").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/instalment-plan",
            new { instalments = 3, on = Today.AddDays(21) })).StatusCode);
        var audit = await _app.QueryAsync(db => db.Set<Seomin.PersonalData.Audit.AuditLogEntry>().Where(a => a.ResourceId == recourseId.ToString()).ToListAsync());
        Assert.Contains(audit, a => a.Reason == "이사회 2026-12호" && a.Actor == "S3001");
        Assert.Contains(audit, a => a.Reason == "PersonalRehabilitation 2026개회12345");
    }
}
