using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PdfSharp.Pdf.IO;
using Seomin.Contracts.Subrogation;
using Seomin.PersonalData.Audit;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain.Reports;
using Seomin.Testing;
using static Seomin.Subrogation.Tests.Integration.Scenario;

namespace Seomin.Subrogation.Tests.Integration;

/// <summary>Debtor identity, legal steps and the work queue, rehabilitation cases and balance certificates on real PostgreSQL and RabbitMQ.</summary>
public sealed class RecourseManagementTests(PlatformServers servers) : IAsyncLifetime
{
    private SubrogationApp _app = null!;
    private Scenario _s = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await SubrogationApp.StartAsync(servers, "subrogation-mgmt");
        _s = new Scenario(_app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_debtor_identity_is_captured_on_filing_encrypted_at_rest_masked_in_responses_and_revealed_only_with_an_audited_reason()
    {
        var rrn = SyntheticRrn.For(new DateOnly(1984, 3, 7));
        var customer = _s.CustomerOf(rrn);
        var guarantee = await _s.GuaranteeInAccidentAsync(customer);
        var officer = _app.Officer("S3001");

        // Not a number, or another person's number: refused, nothing filed.
        var invalid = await JsonAsync(await officer.PostAsJsonAsync("/api/subrogation/claims", ClaimBody(guarantee, debtorRrn: "12345", debtorName: "김민수")), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("debtorRrn", out _));
        Assert.Equal("DebtorMustBeTheGuaranteedCustomer", await RuleAsync(
            await officer.PostAsJsonAsync("/api/subrogation/claims", ClaimBody(guarantee, debtorRrn: SyntheticRrn.For(new DateOnly(1990, 1, 1)), debtorName: "김민수"))));

        var paid = await _s.PaidAsync(ClaimBody(guarantee, debtorRrn: rrn, debtorName: "김민수"));
        var recourseId = paid.GetProperty("recourseId").GetGuid();
        var claimId = paid.GetProperty("claim").GetProperty("id").GetGuid();

        var shown = await JsonAsync(await officer.GetAsync($"/api/subrogation/recourse/{recourseId}/debtor"), HttpStatusCode.OK);
        Assert.Equal(rrn[..6] + "-*******", shown.GetProperty("rrnMasked").GetString());
        Assert.Equal("김*수", shown.GetProperty("nameMasked").GetString());
        Assert.Equal(customer, shown.GetProperty("customerId").GetString());

        // At rest: neither the digits nor the name are in the row.
        var raw = await _app.QueryAsync(db => db.Database
            .SqlQuery<string>($"""SELECT "Rrn" || '|' || "Name" AS "Value" FROM subrogation.debtor_identities WHERE "ClaimId" = {claimId}""").SingleAsync());
        Assert.DoesNotContain(rrn[7..], raw, StringComparison.Ordinal);
        Assert.DoesNotContain("김민수", raw, StringComparison.Ordinal);

        // Found through the blind index (the number in the body, never the URL).
        var found = await JsonAsync(await officer.PostAsJsonAsync("/api/subrogation/recourse/by-debtor", new { rrn }), HttpStatusCode.OK);
        Assert.Equal(recourseId, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/debtor/reveal", new { })).StatusCode);
        var revealed = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/debtor/reveal", new { reason = "지급명령 신청서 작성" }), HttpStatusCode.OK);
        Assert.Equal(rrn, revealed.GetProperty("rrn").GetString());
        Assert.Equal("김민수", revealed.GetProperty("name").GetString());
        var unmasks = await _app.QueryAsync(db => db.Set<AuditLogEntry>().Where(a => a.Action == AuditAction.Unmask && a.ResourceId == claimId.ToString()).ToListAsync());
        var unmask = Assert.Single(unmasks);
        Assert.Equal("지급명령 신청서 작성", unmask.Reason);
        Assert.Equal("S3001", unmask.Actor);

        // Staff can also record (or correct) it later; the number never reaches an event.
        var (other, _) = await _s.RecourseAsync(customer);
        await JsonAsync(await officer.PutAsJsonAsync($"/api/subrogation/recourse/{other}/debtor", new { rrn, name = "김민수" }), HttpStatusCode.OK);
        await Probe.UntilAsync(() => Task.FromResult(_app.ObservedOf<RecourseClaimOpened>().Count(o => o.CustomerId == customer) == 2), "both claims opened", TimeSpan.FromSeconds(30));
        Assert.All(_app.Observed, m => Assert.DoesNotContain(rrn[7..], JsonSerializer.Serialize(m, m.GetType(), SubrogationApp.Json), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Legal_steps_put_their_statutory_deadlines_in_the_assigned_officers_work_queue_in_due_date_order()
    {
        var (recourseId, _) = await _s.RecourseAsync();
        var officer = _app.Officer("S3001");
        await JsonAsync(await officer.PutAsJsonAsync($"/api/subrogation/recourse/{recourseId}/officer", new { officer = "S3101" }), HttpStatusCode.OK);

        var letter = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/legal-steps",
            new { kind = "DemandLetter", on = Today, reference = "최고-2026-1" }), HttpStatusCode.Created);
        Assert.Equal(Today.AddDays(14).ToString("yyyy-MM-dd"), letter.GetProperty("nextDueOn").GetString());

        var order = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/legal-steps",
            new { kind = "PaymentOrder", on = Today.AddDays(15), reference = "2026차전777" }), HttpStatusCode.Created);
        var orderId = order.GetProperty("id").GetGuid();
        var served = Today.AddDays(20);
        var afterService = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/legal-steps/{orderId}/service", new { on = served }), HttpStatusCode.OK);
        Assert.Equal("confirmPaymentOrderFinal", afterService.GetProperty("nextAction").GetString());
        Assert.Equal(served.AddDays(15).ToString("yyyy-MM-dd"), afterService.GetProperty("nextDueOn").GetString());
        Assert.Equal("ObjectionPeriodMustHaveEnded", await RuleAsync(
            await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/legal-steps/{orderId}/final", new { on = served.AddDays(14) })));
        var finalOn = served.AddDays(15);
        var final = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/legal-steps/{orderId}/final", new { on = finalOn }), HttpStatusCode.OK);
        Assert.Equal(finalOn.AddYears(10).ToString("yyyy-MM-dd"), final.GetProperty("limitationExpiresOn").GetString());

        // S3101's queue: the letter's follow-up, the defaulters' list six months after the title, the limitation.
        var queue = await JsonAsync(await _app.Officer("S3101").GetAsync("/api/subrogation/work-queue?pageSize=2"), HttpStatusCode.OK);
        Assert.Equal(3, queue.GetProperty("totalCount").GetInt32());
        var first = queue.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["followUpDemandLetter", "applyForDefaultersList"], first.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(Today.AddDays(14).ToString("yyyy-MM-dd"), first[0].GetProperty("dueOn").GetString());
        Assert.Equal(finalOn.AddMonths(6).ToString("yyyy-MM-dd"), first[1].GetProperty("dueOn").GetString());
        var second = await JsonAsync(await _app.Officer("S3101").GetAsync("/api/subrogation/work-queue?pageSize=2&page=2"), HttpStatusCode.OK);
        var limitation = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal("limitationExpires", limitation.GetProperty("kind").GetString());
        Assert.Equal(finalOn.AddYears(10).ToString("yyyy-MM-dd"), limitation.GetProperty("dueOn").GetString());
        Assert.Contains("제54조제5항", limitation.GetProperty("citation").GetString());
        var soon = await JsonAsync(await _app.Officer("S3101").GetAsync($"/api/subrogation/work-queue?dueBy={Today.AddDays(30):yyyy-MM-dd}"), HttpStatusCode.OK);
        Assert.Equal(1, soon.GetProperty("totalCount").GetInt32());
        var others = await JsonAsync(await _app.Officer("S3102").GetAsync("/api/subrogation/work-queue"), HttpStatusCode.OK);
        Assert.Equal(0, others.GetProperty("totalCount").GetInt32());

        // The defaulters' list: refused a day early, then entered; its strike date replaces the application in the queue.
        Assert.Equal("DefaultersListNeedsSixMonthsUnpaid", await RuleAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/legal-steps",
            new { kind = "DefaultersList", on = finalOn.AddMonths(6).AddDays(-1) })));
        await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/legal-steps",
            new { kind = "DefaultersList", on = finalOn.AddMonths(6), reference = "2026카불9" }), HttpStatusCode.Created);
        var letterId = letter.GetProperty("id").GetGuid();
        await JsonAsync(await officer.PostAsync($"/api/subrogation/recourse/{recourseId}/legal-steps/{letterId}/close", null), HttpStatusCode.OK);
        var after = await JsonAsync(await _app.Officer("S3101").GetAsync("/api/subrogation/work-queue?officer=S3101"), HttpStatusCode.OK);
        Assert.Equal(["limitationExpires", "strikeDefaultersList"], after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(finalOn.AddMonths(6).AddYears(10).ToString("yyyy-MM-dd"), after.GetProperty("items")[1].GetProperty("dueOn").GetString());

        // A seizure interrupts the limitation and shows known assets; it is audited and published.
        var seizedOn = finalOn.AddMonths(7);
        await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/legal-steps", new { kind = "Seizure", on = seizedOn, reference = "2027타채3" }), HttpStatusCode.Created);
        var recourse = await JsonAsync(await officer.GetAsync($"/api/subrogation/recourse/{recourseId}?asOf={seizedOn:yyyy-MM-dd}"), HttpStatusCode.OK);
        Assert.Equal(seizedOn.AddYears(10).ToString("yyyy-MM-dd"), recourse.GetProperty("limitationExpiresOn").GetString());
        Assert.Equal("seizure", recourse.GetProperty("limitationInterruptedBy").GetString());
        Assert.True(recourse.GetProperty("hasKnownAssets").GetBoolean());
        Assert.Equal("S3101", recourse.GetProperty("assignedOfficer").GetString());
        await Probe.UntilAsync(() => Task.FromResult(_app.ObservedOf<RecourseLegalStepTaken>().Count(e => e.RecourseId == recourseId) == 4),
            "four legal steps published", TimeSpan.FromSeconds(30));
        var audit = await _app.QueryAsync(db => db.Set<AuditLogEntry>().Where(a => a.ResourceId == recourseId.ToString()).ToListAsync());
        Assert.Contains(audit, a => a.Reason == "2027타채3");
    }

    [Fact]
    public async Task A_rehabilitation_case_stays_collection_a_dismissal_resumes_it_and_a_discharge_extinguishes_the_claim_on_the_books()
    {
        var (recourseId, principal) = await _s.RecourseAsync();
        var officer = _app.Officer("S3001");
        var stayed = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/collection-stay",
            new { kind = "PersonalRehabilitation", caseNumber = "2026개회100", on = Today.AddDays(5) }), HttpStatusCode.OK);
        Assert.Equal("collectionStayed", stayed.GetProperty("status").GetString());
        Assert.Equal("CollectionIsStayed", await RuleAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/legal-steps",
            new { kind = "Seizure", on = Today.AddDays(6) })));
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/collection-stay/end", new { on = Today.AddDays(9) })).StatusCode);

        var resumed = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/collection-stay/end",
            new { outcome = "Dismissed", on = Today.AddDays(10) }), HttpStatusCode.OK);
        Assert.Equal("collecting", resumed.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/collection-stay/end",
            new { outcome = "Dismissed", on = Today.AddDays(11) })).StatusCode);

        await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/collection-stay",
            new { kind = "CreditRecovery", caseNumber = "신복위-2026-55", on = Today.AddDays(20) }), HttpStatusCode.OK);
        var ended = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/collection-stay/end",
            new { outcome = "Discharged", on = Today.AddDays(400) }), HttpStatusCode.OK);
        Assert.Equal("extinguished", ended.GetProperty("status").GetString());

        var cases = await _app.QueryAsync(db => db.ReliefCases.Where(c => c.RecourseId == recourseId).OrderBy(c => c.RegisteredOn).ToListAsync());
        Assert.Equal([ReliefCaseKind.PersonalRehabilitation, ReliefCaseKind.CreditRecovery], cases.Select(c => c.Kind));
        Assert.Equal([Seomin.Subrogation.Domain.Recourse.ReliefOutcome.Dismissed, Seomin.Subrogation.Domain.Recourse.ReliefOutcome.Discharged], cases.Select(c => c.Outcome!.Value));
        var extinguished = await _app.QueryAsync(db => db.Movements.SingleAsync(m => m.SubjectId == recourseId && m.Movement == Movement.Extinguished));
        Assert.Equal(principal, extinguished.Won);
        Assert.Equal(PortfolioCategory.Recourse, extinguished.Category);
        await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<RecourseCollectionStayed>().Count(e => e.RecourseId == recourseId) == 2
                && _app.ObservedOf<RecourseCollectionStayEnded>().Count(e => e.RecourseId == recourseId) == 2
                && _app.ObservedOf<RecourseExtinguished>().Any(e => e.RecourseId == recourseId && e.Principal == principal && e.Reason == "신용회복 완제")),
            "stays, their ends and the extinguishment published", TimeSpan.FromSeconds(30));
        var audit = await _app.QueryAsync(db => db.Set<AuditLogEntry>().Where(a => a.ResourceId == recourseId.ToString()).ToListAsync());
        Assert.Contains(audit, a => a.Reason == "PersonalRehabilitation 2026개회100 Dismissed");
    }

    [Fact]
    public async Task A_balance_certificate_states_principal_late_charge_and_costs_as_of_a_day_and_its_number_verifies_what_was_certified()
    {
        var rrn = SyntheticRrn.For(new DateOnly(1979, 11, 23));
        var customer = _s.CustomerOf(rrn);
        var (withoutDebtor, _) = await _s.RecourseAsync();
        var officer = _app.Officer("S3001");
        Assert.Equal("DebtorIdentityMustBeRecorded", await RuleAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{withoutDebtor}/certificates", new { asOf = Today })));

        var (recourseId, principal) = await _s.RecourseAsync(customer, rrn, "박서연");
        await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/costs", new { amount = 50_000, on = Today }), HttpStatusCode.OK);
        var asOf = Today.AddDays(73);
        var issued = await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/certificates", new { asOf }), HttpStatusCode.Created);
        var number = issued.GetProperty("number").GetString()!;
        Assert.Matches(@"^DBC-\d{8}-[A-Z2-9]{10}$", number);

        // 12% a year on the principal for 73 days = principal × 0.024, truncated to the won.
        var lateCharge = (long)decimal.Truncate(principal * 0.024m);
        Assert.Equal(principal, issued.GetProperty("principal").GetInt64());
        Assert.Equal(lateCharge, issued.GetProperty("lateCharge").GetInt64());
        Assert.Equal(50_000, issued.GetProperty("costs").GetInt64());
        Assert.Equal(principal + lateCharge + 50_000, issued.GetProperty("total").GetInt64());
        Assert.Equal("박*연", issued.GetProperty("debtorNameMasked").GetString());

        // Issuing did not move the claim: an entry dated before the certificate's day is still accepted, and the
        // certificate still verifies the certified figures afterwards.
        await JsonAsync(await officer.PostAsJsonAsync($"/api/subrogation/recourse/{recourseId}/recoveries", new { amount = 1_000_000, recoveredOn = Today.AddDays(10) }), HttpStatusCode.Created);
        var verified = await JsonAsync(await officer.GetAsync($"/api/subrogation/certificates/{number}"), HttpStatusCode.OK);
        Assert.Equal(principal + lateCharge + 50_000, verified.GetProperty("total").GetInt64());
        Assert.Equal(asOf.ToString("yyyy-MM-dd"), verified.GetProperty("asOf").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/api/subrogation/certificates/DBC-20260101-AAAAAAAAAA")).StatusCode);
        var auditor = _app.As(_app.Tokens.Staff("S7001", [Seomin.Access.StaffRoles.Auditor], Seomin.Access.Audiences.Subrogation));
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/subrogation/certificates/{number}")).StatusCode);

        var pdf = await officer.GetAsync($"/api/subrogation/certificates/{number}/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        using var document = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        Assert.Equal(1, document.PageCount);
        Assert.Equal(number, document.Info.Subject);
        Assert.Contains(number, document.Info.Title, StringComparison.Ordinal);
        Assert.Contains("NanumSquare", System.Text.Encoding.Latin1.GetString(bytes), StringComparison.Ordinal); // the Hangul font is embedded
    }

    [Fact]
    public async Task An_accident_arriving_before_the_issue_event_is_booked_with_the_guarantees_ratio_and_fund_once_the_issue_arrives()
    {
        var id = Guid.CreateVersion7();
        var customer = "C" + Guid.NewGuid().ToString("N")[..20];
        var accident = Seomin.Messaging.MessageIds.NewId();
        await _app.PublishAsync(new Seomin.Contracts.Guarantee.GuaranteeAccidentReported
        {
            EventId = accident, GuaranteeId = id, CustomerId = customer, LenderCode = "IBK", OutstandingBalance = 10_000_000,
            Kind = "Default", AccidentDate = Today.AddMonths(-4), OccurredAt = DateTimeOffset.UtcNow.AddDays(-120),
        }, accident);
        await Probe.UntilAsync(() => _app.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == id && g.AccidentOn != null)), "the accident projected", TimeSpan.FromSeconds(90));
        Assert.Empty(await _app.QueryAsync(db => db.Movements.Where(m => m.SubjectId == id).ToListAsync()));

        var issued = Seomin.Messaging.MessageIds.NewId();
        await _app.PublishAsync(new Seomin.Contracts.Guarantee.GuaranteeIssued
        {
            EventId = issued, GuaranteeId = id, ApplicationId = Guid.NewGuid(), CertificateNumber = "CERT-LATE", CustomerId = customer,
            ProductCode = "INCHEON_COVID19", LenderCode = "IBK", GuaranteedAmount = 18_000_000, GuaranteeRatio = 0.85m,
            StartDate = Today.AddYears(-1), EndDate = Today.AddYears(4), OccurredAt = DateTimeOffset.UtcNow.AddDays(-400), FundCode = "INCHEON-BASE",
        }, issued);
        var booked = await Probe.UntilAsync(
            () => _app.QueryAsync(db => db.Movements.Where(m => m.SubjectId == id).ToListAsync()), m => m.Count > 0, "the accident booked", TimeSpan.FromSeconds(90));
        var movement = Assert.Single(booked);
        Assert.Equal((Movement.New, 8_500_000L, "INCHEON-BASE"), (movement.Movement, movement.Won, movement.FundCode)); // 85% of 10,000,000
    }
}
