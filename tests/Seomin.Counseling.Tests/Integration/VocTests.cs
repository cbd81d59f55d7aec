using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Counseling;
using Seomin.Counseling.Api.Endpoints;
using Seomin.Counseling.Domain.Voc;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Integration;

public sealed class VocTests(PlatformServers servers) : IAsyncLifetime
{
    private const string Officer = "고객지원부 김담당";

    private CounselingApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await CounselingApp.StartAsync(servers, "counseling_voc");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SlaJob_WhenClockPassesDueDate_MarksBreachOnceAndPublishesOnce()
    {
        var client = _app.CreateClient();
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        var grievance = await RegisterAsync(client, "Grievance", customer);
        var suggestion = await RegisterAsync(client, "Suggestion", customer);

        // Past the grievance's 7 business days (due Wed 03-18 18:00, the first day counted), before the suggestion's 14.
        _app.Clock.SetUtcNow(grievance.DueAt.AddHours(1));
        await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<VocSlaBreached>().Any(e => e.VocId == grievance.Id)),
            "VocSlaBreached for the grievance");
        // Then past the suggestion too: sweeps ran again after the first breach.
        _app.Clock.SetUtcNow(suggestion.DueAt.AddHours(1));
        await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<VocSlaBreached>().Any(e => e.VocId == suggestion.Id)),
            "VocSlaBreached for the suggestion");

        var after = await client.GetFromJsonAsync<VocResponse>($"/api/counseling/voc/{grievance.Id}", CounselingApp.Json);
        Assert.NotNull(after!.BreachedAt);
        Assert.Equal(1, after.EscalationLevel);
        Assert.Single(_app.ObservedOf<VocSlaBreached>(), e => e.VocId == grievance.Id);
        var timeline = await client.GetFromJsonAsync<PagedResult<TimelineItem>>($"/api/counseling/customers/{customer}/timeline", CounselingApp.Json);
        Assert.Equal(2, timeline!.Items.Count(i => i.Kind == nameof(VocSlaBreached)));
    }

    [Fact]
    public async Task Voc_WhenRoutedExtendedResolvedAndSurveyed_CountsInStatistics()
    {
        var client = _app.CreateClient();
        var voc = await RegisterAsync(client, "ProceduralInquiry", null);

        (await client.PostAsJsonAsync($"/api/counseling/voc/{voc.Id}/route", new { department = "보증지원부" })).EnsureSuccessStatusCode();
        var extended = await client.PostAsJsonAsync($"/api/counseling/voc/{voc.Id}/extend", new { amount = 3, reason = "관계기관 확인", noticeText = "처리기간이 3영업일 연장됩니다.", customerConsented = false, responsibleOfficer = Officer });
        var secondWithoutConsent = await client.PostAsJsonAsync($"/api/counseling/voc/{voc.Id}/extend", new { amount = 1, reason = "추가 확인", noticeText = "재연장", customerConsented = false, responsibleOfficer = Officer });
        (await client.PostAsJsonAsync($"/api/counseling/voc/{voc.Id}/resolve", new { answer = "신청 절차를 안내드립니다." })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/counseling/voc/{voc.Id}/survey", new { score = 5 })).EnsureSuccessStatusCode();
        var stats = await client.GetFromJsonAsync<VocStatistics>("/api/counseling/voc/statistics", CounselingApp.Json);

        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, secondWithoutConsent.StatusCode);
        var after = await client.GetFromJsonAsync<VocResponse>($"/api/counseling/voc/{voc.Id}", CounselingApp.Json);
        Assert.Equal(1, after!.ExtensionCount);
        // Due Wed 03-18 18:00 Seoul, + 3 business days = Mon 03-23 18:00 Seoul (09:00 UTC), stated in the notice.
        var notice = Assert.Single(after.Notices, n => n.Kind == VocNoticeKind.Extension);
        Assert.Equal(new DateTimeOffset(2026, 3, 23, 9, 0, 0, TimeSpan.Zero), notice.ExpectedCompletionAt);
        Assert.Equal(Officer, notice.ResponsibleOfficer);
        Assert.Equal(1, stats!.Resolved);
        Assert.Equal(1m, stats.OnTimeRate);
        Assert.Equal(5m, stats.AverageSatisfaction);
        Assert.Contains(stats.ByDepartment, c => c.Key == "보증지원부" && c.Count == 1);
        Assert.Contains(stats.ByType, c => c.Key == "ProceduralInquiry" && c.Count == 1);
    }

    [Fact]
    public async Task Extend_WhenDueDatePassed_Returns422AndKeepsDueDate()
    {
        var client = _app.CreateClient();
        var voc = await RegisterAsync(client, "SimpleRequest", null);
        _app.Clock.SetUtcNow(voc.DueAt.AddMinutes(5));

        var response = await client.PostAsJsonAsync($"/api/counseling/voc/{voc.Id}/extend", new { amount = 1, reason = "r", noticeText = "n", customerConsented = true, responsibleOfficer = Officer });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var after = await client.GetFromJsonAsync<VocResponse>($"/api/counseling/voc/{voc.Id}", CounselingApp.Json);
        Assert.Equal(voc.DueAt, after!.DueAt);
        Assert.Equal(0, after.ExtensionCount);
    }

    [Fact]
    public async Task Register_WhenTypeUnknown_Returns400AndPersistsNothing()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/counseling/voc", new { type = "Rumour", channel = "Web", subject = "s", content = "c" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.VocCases.CountAsync()));
    }

    [Fact]
    public async Task Register_WhenTypeMissing_Returns400NamingTheField()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/counseling/voc", new { channel = "Web", subject = "s", content = "c" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("type", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.QueryAsync(db => db.VocCases.CountAsync()));
    }

    [Fact]
    public async Task Register_WhenElectronic_PublishesVocReceivedWithBusinessDayDueDate()
    {
        var client = _app.CreateClient();

        var voc = await RegisterAsync(client, "LegalInquiry", null);

        // Registered Tue 2026-03-10 10:00 Seoul, day 1 of 14 (민원처리법 제19조②): Fri 03-27, 18:00 Seoul.
        Assert.Equal(new DateTimeOffset(2026, 3, 27, 9, 0, 0, TimeSpan.Zero), voc.DueAt);
        var received = await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<VocReceived>().FirstOrDefault(e => e.VocId == voc.Id)),
            e => e is not null,
            "VocReceived on the test queue");
        Assert.Equal(voc.DueAt, received!.DueAt);
    }

    [Fact]
    public async Task Extend_WhenThirdTimeEvenWithConsent_Returns422NamingTheRule()
    {
        var client = _app.CreateClient();
        var voc = await RegisterAsync(client, "Grievance", null);
        var url = $"/api/counseling/voc/{voc.Id}/extend";

        var first = await client.PostAsJsonAsync(url, new { amount = 3, reason = "확인", noticeText = "연장", customerConsented = false, responsibleOfficer = Officer });
        var second = await client.PostAsJsonAsync(url, new { amount = 2, reason = "확인", noticeText = "동의 재연장", customerConsented = true, responsibleOfficer = Officer });
        var third = await client.PostAsJsonAsync(url, new { amount = 1, reason = "확인", noticeText = "재재연장", customerConsented = true, responsibleOfficer = Officer });

        // 영 제21조①: once, then once more with the customer's consent.
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, third.StatusCode);
        Assert.Contains("VocExtendedAtMostTwice", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await client.GetFromJsonAsync<VocResponse>($"/api/counseling/voc/{voc.Id}", CounselingApp.Json);
        Assert.Equal(2, after!.ExtensionCount);
    }

    [Fact]
    public async Task SiteInvestigation_WhenFourteenDays_MovesTheDueDateByThem()
    {
        var client = _app.CreateClient();
        var voc = await RegisterAsync(client, "Grievance", null);

        var response = await client.PostAsJsonAsync($"/api/counseling/voc/{voc.Id}/site-investigation", new { startsOn = "2026-03-12", days = 14 });

        // 영 제17조④: due Wed 03-18 + 14 business days = Tue 04-07, 18:00 Seoul.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = (await response.Content.ReadFromJsonAsync<VocResponse>(CounselingApp.Json))!;
        Assert.Equal(new DateTimeOffset(2026, 4, 7, 9, 0, 0, TimeSpan.Zero), after.DueAt);
        Assert.Equal(new DateOnly(2026, 3, 31), after.SiteInvestigationEndsOn);
    }

    [Fact]
    public async Task MonthlyChecksDue_WhenOneCaseTransferredAndOneChecked_ListsOnlyUncheckedOpenCases()
    {
        var client = _app.CreateClient();
        var transferred = await RegisterAsync(client, "Grievance", null);
        var checkedCase = await RegisterAsync(client, "LegalInquiry", null);
        var pending = await RegisterAsync(client, "Suggestion", null);

        var transfer = await client.PostAsJsonAsync($"/api/counseling/voc/{transferred.Id}/transfer", new { agency = "신용회복위원회" });
        var check = await client.PostAsync($"/api/counseling/voc/{checkedCase.Id}/status-checks", null);
        var due = await client.GetFromJsonAsync<List<VocResponse>>("/api/counseling/voc/monthly-checks-due", CounselingApp.Json);

        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal([pending.Id], due!.Select(v => v.Id));
        var after = await client.GetFromJsonAsync<VocResponse>($"/api/counseling/voc/{transferred.Id}", CounselingApp.Json);
        Assert.Equal(VocStatus.Transferred, after!.Status);
        Assert.False(after.TransferredLate);
        var stats = await client.GetFromJsonAsync<VocStatistics>("/api/counseling/voc/statistics", CounselingApp.Json);
        Assert.Equal(3, stats!.Total);
        Assert.Equal(2, stats.Open);
        Assert.Equal(1, stats.Transferred);
        Assert.Contains(stats.ByDepartment, c => c.Key == "(unrouted)" && c.Count == 3);
    }

    private static async Task<VocResponse> RegisterAsync(HttpClient client, string type, string? customerId)
    {
        var response = await client.PostAsJsonAsync("/api/counseling/voc", new
        {
            type,
            channel = "Web",
            customerId,
            subject = "상담 문의",
            content = "처리 절차를 알고 싶습니다.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<VocResponse>(CounselingApp.Json))!;
    }
}
