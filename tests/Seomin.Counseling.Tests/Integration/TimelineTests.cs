using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Guarantee;
using Seomin.Counseling.Api.Endpoints;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Integration;

public sealed class TimelineTests(PlatformServers servers) : IAsyncLifetime
{
    private CounselingApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await CounselingApp.StartAsync(servers, "counseling_timeline");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task GuaranteeEvents_WhenPublishedOutOfOrderAndTwice_AppearOnceInOccurredOrder()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        var guaranteeId = Guid.CreateVersion7();
        var issued = Issued(customer, guaranteeId, CounselingApp.Start.AddDays(-3));
        var executed = new GuaranteeLoanExecuted
        {
            EventId = Guid.CreateVersion7(),
            GuaranteeId = guaranteeId,
            CustomerId = customer,
            LenderCode = "BANK01",
            LoanAmount = 9_000_000,
            ExecutedOn = new DateOnly(2026, 3, 9),
            OccurredAt = CounselingApp.Start.AddDays(-1),
        };
        var redeliveredId = NewId.NextGuid();

        await _app.TestBus.Publish(executed);
        await _app.TestBus.Publish(issued, c => c.MessageId = redeliveredId);
        await _app.TestBus.Publish(issued, c => c.MessageId = redeliveredId);
        await _app.TestBus.Publish(issued);
        await Probe.UntilAsync(
            async () => await _app.QueryAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM counseling.inbox_messages").SingleAsync()) >= 3,
            "three distinct guarantee messages consumed");
        var client = _app.CreateClient();
        var page = await client.GetFromJsonAsync<PagedResult<TimelineItem>>($"/api/counseling/customers/{customer}/timeline", CounselingApp.Json);

        Assert.NotNull(page);
        Assert.Equal(2, page.TotalCount);
        Assert.Equal(["GuaranteeLoanExecuted", "GuaranteeIssued"], page.Items.Select(i => i.Kind));
        Assert.Equal(guaranteeId, page.Items[1].SourceRecordId);
        Assert.Equal("guarantee", page.Items[1].SourceService);
    }

    [Fact]
    public async Task GetTimeline_WhenRead_RecordsAuditRowWithDataSubject()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        await _app.TestBus.Publish(Issued(customer, Guid.CreateVersion7(), CounselingApp.Start.AddDays(-2)));
        var client = _app.CreateClient();
        await Probe.UntilAsync(
            async () => (await client.GetFromJsonAsync<PagedResult<TimelineItem>>($"/api/counseling/customers/{customer}/timeline", CounselingApp.Json))!.TotalCount == 1,
            "the issued guarantee on the timeline");

        var audited = await _app.QueryAsync(db => db.Database
            .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM counseling.audit_log WHERE subject = {0} AND action = 'View'", customer)
            .SingleAsync());

        Assert.True(audited >= 1);
    }

    [Fact]
    public async Task GetTimeline_WhenPaged_ReturnsNewestFirstAcrossPages()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        for (var i = 0; i < 5; i++)
        {
            await _app.TestBus.Publish(Issued(customer, Guid.CreateVersion7(), CounselingApp.Start.AddDays(-10 + i)));
        }

        var client = _app.CreateClient();
        await Probe.UntilAsync(
            async () => (await client.GetFromJsonAsync<PagedResult<TimelineItem>>($"/api/counseling/customers/{customer}/timeline", CounselingApp.Json))!.TotalCount == 5,
            "five guarantees on the timeline");

        var second = await client.GetFromJsonAsync<PagedResult<TimelineItem>>($"/api/counseling/customers/{customer}/timeline?page=2&pageSize=2", CounselingApp.Json);

        Assert.Equal(2, second!.Items.Count);
        Assert.Equal(CounselingApp.Start.AddDays(-8), second.Items[0].OccurredAt);
        Assert.Equal(CounselingApp.Start.AddDays(-9), second.Items[1].OccurredAt);
    }

    [Fact]
    public async Task GetTimeline_WhenCustomerRestricted_Returns403Problem()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        var client = _app.CreateClient();
        (await client.PutAsJsonAsync($"/api/counseling/customers/{customer}/restriction", new { reason = "staff member" })).EnsureSuccessStatusCode();

        var response = await client.GetAsync($"/api/counseling/customers/{customer}/timeline");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetTimeline_WhenCustomerIdMalformed_Returns400()
    {
        var response = await _app.CreateClient().GetAsync("/api/counseling/customers/not-a-customer/timeline");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
    }

    private static GuaranteeIssued Issued(string customer, Guid guaranteeId, DateTimeOffset occurredAt) => new()
    {
        EventId = Guid.CreateVersion7(),
        GuaranteeId = guaranteeId,
        ApplicationId = Guid.CreateVersion7(),
        CertificateNumber = "G-2026-" + guaranteeId.ToString("N")[..8],
        CustomerId = customer,
        ProductCode = "WORKER_SUNSHINE",
        LenderCode = "BANK01",
        GuaranteedAmount = 9_000_000,
        GuaranteeRatio = 0.9m,
        StartDate = new DateOnly(2026, 3, 7),
        EndDate = new DateOnly(2031, 3, 6),
        OccurredAt = occurredAt,
    };
}
