using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contracts.Counseling;
using Seomin.Counseling.Api.Endpoints;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Integration;

public sealed class CompletionAndSessionTests(PlatformServers servers) : IAsyncLifetime
{
    private CounselingApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await CounselingApp.StartAsync(servers, "counseling_completion");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RecordCompletion_WhenPreApplicationCounseling_PublishesEventWithValidity()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/counseling/completions", new
        {
            customerId = customer,
            kind = "PreApplicationCounseling",
            completedOn = "2026-03-10",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var published = await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<PreApplicationCounselingCompleted>().FirstOrDefault(e => e.CustomerId == customer)),
            e => e is not null,
            "PreApplicationCounselingCompleted on the test queue");
        Assert.Equal(new DateOnly(2026, 3, 10), published!.ValidFrom);
        Assert.Equal(new DateOnly(2027, 3, 9), published.ValidUntil);
    }

    [Fact]
    public async Task RecordCompletion_WhenFinancialEducationByRrn_PublishesForDerivedCustomer()
    {
        var rrn = SyntheticRrn.Adult();
        var customer = _app.CustomerIdFor(rrn);
        var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/counseling/completions", new
        {
            rrn,
            kind = "FinancialEducation",
            courseCode = "FE-BASIC",
            completedOn = "2026-03-09",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain(rrn, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var published = await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<FinancialEducationCompleted>().FirstOrDefault(e => e.CustomerId == customer)),
            e => e is not null,
            "FinancialEducationCompleted on the test queue");
        Assert.Equal("FE-BASIC", published!.CourseCode);
    }

    [Fact]
    public async Task RecordCompletion_WhenSubmittedTwice_SecondIsConflictAndOneEvent()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        var client = _app.CreateClient();
        var body = new { customerId = customer, kind = "PreApplicationCounseling", completedOn = "2026-03-10" };
        (await client.PostAsJsonAsync("/api/counseling/completions", body)).EnsureSuccessStatusCode();

        var second = await client.PostAsJsonAsync("/api/counseling/completions", body);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(1, await _app.QueryAsync(db => db.Completions.CountAsync(c => c.CustomerId == customer)));
    }

    [Fact]
    public async Task RecordSession_WhenCounselorIdentifiedByRrn_StoresCustomerIdAndEncryptedRrnOnly()
    {
        var rrn = SyntheticRrn.Adult();
        var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/counseling/sessions", new
        {
            rrn,
            channel = "CentreVisit",
            centreCode = "SEOUL-MAPO",
            category = "DebtAdjustment",
            notes = "Haetsal loan arrears; 채무조정 안내",
            outcome = "Referred",
            referrals = new[] { new { institution = "CreditCounsellingAndRecoveryService", note = "개인워크아웃 상담" } },
            followUps = new[] { new { description = "서류 보완 확인 전화", dueOn = "2026-03-17" } },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(rrn, text, StringComparison.Ordinal);
        var session = await response.Content.ReadFromJsonAsync<SessionResponse>(CounselingApp.Json);
        Assert.Equal(_app.CustomerIdFor(rrn), session!.CustomerId);
        Assert.True(session.IdentifiedByRrn);
        var stored = await _app.QueryAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT \"Rrn\" AS \"Value\" FROM counseling.session_identities WHERE \"SessionId\" = {0}", session.Id)
            .SingleAsync());
        Assert.DoesNotContain(rrn[..6], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchSessions_WhenNotesMatchCaseInsensitively_FindsSession()
    {
        var client = _app.CreateClient();
        var marker = "Marker" + Guid.NewGuid().ToString("N")[..8];
        (await client.PostAsJsonAsync("/api/counseling/sessions", new
        {
            channel = "Call1397",
            category = "IllegalPrivateLending",
            notes = $"불법사금융 피해 상담 {marker}",
            outcome = "Answered",
        })).EnsureSuccessStatusCode();

        var page = await client.GetFromJsonAsync<PagedResult<SessionResponse>>($"/api/counseling/sessions?query={marker.ToUpperInvariant()}", CounselingApp.Json);

        Assert.Single(page!.Items);
        Assert.Equal(1, page.TotalCount);
    }

    [Fact]
    public async Task RecordSession_WhenNotesHoldRrn_Returns422AndPersistsNothing()
    {
        var rrn = SyntheticRrn.Adult();
        var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/counseling/sessions", new
        {
            channel = "Chat",
            category = "Other",
            notes = $"고객이 {rrn} 라고 말함",
            outcome = "Answered",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.DoesNotContain(rrn, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.QueryAsync(db => db.Sessions.CountAsync()));
    }

    [Fact]
    public async Task RecordSession_WhenRrnInvalid_Returns400()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/counseling/sessions", new
        {
            rrn = "991399",
            channel = "Chat",
            category = "Other",
            notes = "x",
            outcome = "Answered",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Book_WhenSameSlotBookedConcurrently_OnlyOneSucceeds()
    {
        var client = _app.CreateClient();
        var body = new { counselorId = "cb-9", slotStart = "2026-03-12T10:30:00+09:00", phone = "010-3333-4444" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync("/api/counseling/reservations", body)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
        Assert.Equal(1, await _app.QueryAsync(db => db.Reservations.CountAsync()));
    }

    [Fact]
    public async Task Reservations_WhenBookedCompletedAndDoubleBooked_FollowTheRules()
    {
        var client = _app.CreateClient();
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        var slot = "2026-03-11T14:00:00+09:00";
        var booked = await client.PostAsJsonAsync("/api/counseling/reservations", new { customerId = customer, counselorId = "cb-1", slotStart = slot, phone = "010-2345-6789", topic = "햇살론 문의" });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var reservation = await booked.Content.ReadFromJsonAsync<ReservationResponse>(CounselingApp.Json);
        Assert.DoesNotContain("2345-6789", reservation!.Phone, StringComparison.Ordinal);

        var taken = await client.PostAsJsonAsync("/api/counseling/reservations", new { counselorId = "cb-1", slotStart = slot, phone = "010-1111-2222" });
        var past = await client.PostAsJsonAsync("/api/counseling/reservations", new { counselorId = "cb-1", slotStart = "2026-03-09T14:00:00+09:00", phone = "010-1111-2222" });
        var queue = await client.GetFromJsonAsync<List<ReservationResponse>>("/api/counseling/reservations/queue?counselorId=cb-1&date=2026-03-11", CounselingApp.Json);
        var completed = await client.PostAsJsonAsync($"/api/counseling/reservations/{reservation.Id}/complete", new { category = "GuaranteeProducts", notes = "상품 안내 완료", outcome = "ApplicationGuided" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        Assert.Single(queue!);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(1, await _app.QueryAsync(db => db.Reservations.CountAsync()));
        Assert.Equal(1, await _app.QueryAsync(db => db.Sessions.CountAsync(s => s.ReservationId == reservation.Id)));
    }

    [Fact]
    public async Task RecordSession_WhenSignedInCounselorOmitsCounselorId_RecordsTheCaller()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/counseling/sessions", new
        {
            channel = "Call1397",
            category = "Other",
            notes = "문의",
            outcome = "Answered",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<SessionResponse>(CounselingApp.Json);
        Assert.Equal(CounselingApp.Counselor, session!.CounselorId);
    }

    [Fact]
    public async Task RecordSession_WhenSignedInCounselorNamesAnotherCounselor_Returns422AndRecordsNothing()
    {
        var before = await _app.QueryAsync(db => db.Sessions.CountAsync());
        var response = await _app.CreateClient().PostAsJsonAsync("/api/counseling/sessions", new
        {
            counselorId = "E4999",
            channel = "Call1397",
            category = "Other",
            notes = "문의",
            outcome = "Answered",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("employee_is_caller", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await _app.QueryAsync(db => db.Sessions.CountAsync()));
    }

    [Fact]
    public async Task RecordSession_FromASystemClient_RecordsTheCounselorItNames_AndRequiresOne()
    {
        using var cti = _app.CreateClient(_app.Tokens.Internal("cti-1397", [StaffRoles.Counselor], Audiences.Gateway, Audiences.Counseling));
        var named = await cti.PostAsJsonAsync("/api/counseling/sessions", new
        {
            counselorId = "E4100",
            channel = "Call1397",
            category = "Other",
            notes = "CTI 연동 기록",
            outcome = "Answered",
        });
        var unnamed = await cti.PostAsJsonAsync("/api/counseling/sessions", new
        {
            channel = "Call1397",
            category = "Other",
            notes = "CTI 연동 기록",
            outcome = "Answered",
        });

        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        Assert.Equal("E4100", (await named.Content.ReadFromJsonAsync<SessionResponse>(CounselingApp.Json))!.CounselorId);
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("counselorId", await unnamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordCompletion_WhenSignedInEmployeeNamesAnotherRecorder_Returns422()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/counseling/completions", new
        {
            customerId = _app.CustomerIdFor(SyntheticRrn.Adult()),
            kind = "FinancialEducation",
            courseCode = "EDU-BASIC",
            completedOn = "2026-03-10",
            recordedBy = "someone-else",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("employee_is_caller", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
