using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.DormantAssets;
using Seomin.Counseling.Api.Endpoints;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Integration;

/// <summary>The dormant-assets service's events on the counseling timeline (automatic lookup notice, claims, payout).</summary>
public sealed class DormantAssetsTimelineTests(PlatformServers servers) : IAsyncLifetime
{
    private CounselingApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await CounselingApp.StartAsync(servers, "counseling_dormant");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DormantEvents_WhenPublishedTwice_AppearOnceEachWithTheNoticeAndThePayout()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        var claimId = Guid.CreateVersion7();
        var found = new DormantAssetsFound
        {
            EventId = Guid.CreateVersion7(), CustomerId = customer, AssetCount = 2, TotalAmount = 350_000, Period = "2026-03",
            Trigger = "counseling.session-recorded", OccurredAt = CounselingApp.Start.AddDays(-2),
        };
        var paid = new DormantRefundPaid
        {
            EventId = Guid.CreateVersion7(), ClaimId = claimId, AssetId = Guid.CreateVersion7(), CustomerId = customer, Principal = 300_000, Interest = 12,
            Amount = 300_012, PaidOn = new DateOnly(2026, 3, 9), OccurredAt = CounselingApp.Start.AddDays(-1),
        };

        await _app.TestBus.Publish(found);
        await _app.TestBus.Publish(found with { EventId = Guid.CreateVersion7() });
        await _app.TestBus.Publish(paid);
        await Probe.UntilAsync(
            async () => await _app.QueryAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM counseling.inbox_messages").SingleAsync()) >= 3,
            "three dormant-asset messages consumed");
        var page = await _app.CreateClient().GetFromJsonAsync<PagedResult<TimelineItem>>($"/api/counseling/customers/{customer}/timeline", CounselingApp.Json);

        Assert.NotNull(page);
        Assert.Equal(["DormantRefundPaid", "DormantAssetsFound"], page.Items.Select(i => i.Kind));
        Assert.Equal("휴면금융자산 안내: 2건 350,000원 찾아가실 수 있습니다 (자동조회 2026-03)", page.Items[1].Summary);
        Assert.Equal("휴면금융자산 지급 300,012원 (원금 300,000원, 이자 12원, 2026-03-09)", page.Items[0].Summary);
        Assert.All(page.Items, i => Assert.Equal("dormant-assets", i.SourceService));
    }
}
