using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Subrogation;
using Seomin.Counseling.Api.Endpoints;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Integration;

/// <summary>The subrogation service's events on the customer's timeline: each step once, in the order it happened.</summary>
public sealed class SubrogationTimelineTests(PlatformServers servers) : IAsyncLifetime
{
    private CounselingApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await CounselingApp.StartAsync(servers, "counseling_subrogation");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SubrogationEvents_WhenPublishedOutOfOrderAndTwice_AppearOnceEachInOccurredOrderWithTheirAmounts()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        var claimId = Guid.CreateVersion7();
        var recourseId = Guid.CreateVersion7();
        var t = CounselingApp.Start.AddDays(-30);
        object[] events =
        [
            new SubrogationPaid
            {
                EventId = Guid.CreateVersion7(), ClaimId = claimId, GuaranteeId = Guid.CreateVersion7(), CustomerId = customer, LenderCode = "NH",
                FundCode = "KINFA-SUPPLEMENTARY", Amount = 9_282_944, PaidOn = new DateOnly(2026, 2, 8), OccurredAt = t,
            },
            new RecourseClaimOpened
            {
                EventId = Guid.CreateVersion7(), RecourseId = recourseId, ClaimId = claimId, GuaranteeId = Guid.CreateVersion7(), CustomerId = customer,
                FundCode = "KINFA-SUPPLEMENTARY", Principal = 9_282_944, OpenedOn = new DateOnly(2026, 2, 8), OccurredAt = t.AddSeconds(1),
            },
            new RepaymentPlanAgreed
            {
                EventId = Guid.CreateVersion7(), RecourseId = recourseId, CustomerId = customer, Total = 9_400_000, Instalments = 10,
                LateChargeWaived = true, OccurredAt = t.AddDays(1),
            },
            new RepaymentPlanDefaulted { EventId = Guid.CreateVersion7(), RecourseId = recourseId, CustomerId = customer, DefaultedOn = new DateOnly(2026, 2, 20), OccurredAt = t.AddDays(2) },
            new RecourseRecovered
            {
                EventId = Guid.CreateVersion7(), RecourseId = recourseId, RecoveryId = Guid.CreateVersion7(), CustomerId = customer, FundCode = "KINFA-SUPPLEMENTARY",
                Amount = 1_000_000, ToCosts = 0, ToLateCharge = 20_000, ToPrincipal = 980_000, RecoveredOn = new DateOnly(2026, 2, 21), OccurredAt = t.AddDays(3),
            },
            new RecoursePrincipalReduced { EventId = Guid.CreateVersion7(), RecourseId = recourseId, CustomerId = customer, Amount = 300_000, ReducedOn = new DateOnly(2026, 2, 22), OccurredAt = t.AddDays(4) },
            new RecourseWrittenOff { EventId = Guid.CreateVersion7(), RecourseId = recourseId, CustomerId = customer, Principal = 8_002_944, WrittenOffOn = new DateOnly(2026, 2, 23), OccurredAt = t.AddDays(5) },
            new RecourseSold
            {
                EventId = Guid.CreateVersion7(), RecourseId = recourseId, CustomerId = customer, Buyer = "KAMCO", BookValue = 8_002_944, Price = 400_000,
                SoldOn = new DateOnly(2026, 2, 24), OccurredAt = t.AddDays(6),
            },
        ];

        // Newest first, and the recovery delivered twice under one message id.
        var redelivered = NewId.NextGuid();
        foreach (var message in events.Reverse())
        {
            if (message is RecourseRecovered)
            {
                await _app.TestBus.Publish(message, message.GetType(), c => c.MessageId = redelivered);
            }

            await _app.TestBus.Publish(message, message.GetType());
        }

        var client = _app.CreateClient();
        var page = await Probe.UntilAsync(
            () => client.GetFromJsonAsync<PagedResult<TimelineItem>>($"/api/counseling/customers/{customer}/timeline?pageSize=50", CounselingApp.Json)!,
            p => p!.TotalCount >= 8, "eight subrogation steps on the timeline", TimeSpan.FromSeconds(30));
        await Probe.UntilAsync(
            async () => await _app.QueryAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM counseling.inbox_messages").SingleAsync()) >= 9,
            "every delivery consumed");
        page = await client.GetFromJsonAsync<PagedResult<TimelineItem>>($"/api/counseling/customers/{customer}/timeline?pageSize=50", CounselingApp.Json);

        Assert.Equal(8, page!.TotalCount);
        Assert.Equal(
            ["RecourseSold", "RecourseWrittenOff", "RecoursePrincipalReduced", "RecourseRecovered", "RepaymentPlanDefaulted", "RepaymentPlanAgreed", "RecourseClaimOpened", "SubrogationPaid"],
            page.Items.Select(i => i.Kind));
        Assert.All(page.Items, i => Assert.Equal("subrogation", i.SourceService));
        Assert.Equal("대위변제 NH 9,282,944원 (2026-02-08)", page.Items[^1].Summary);
        Assert.Equal("분할상환 약정 9,400,000원 10회 (손해금 감면)", page.Items[5].Summary);
        Assert.Equal("구상채권 회수 1,000,000원 (2026-02-21)", page.Items[3].Summary);
        Assert.Equal(recourseId, page.Items[0].SourceRecordId);
    }

    [Fact]
    public async Task AnExtinguishment_WhenPublished_ShowsItsReason()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        await _app.TestBus.Publish(new RecourseExtinguished
        {
            EventId = Guid.CreateVersion7(), RecourseId = Guid.CreateVersion7(), CustomerId = customer, Principal = 5_000_000, Reason = "개인회생 면책",
            ExtinguishedOn = new DateOnly(2026, 3, 1), OccurredAt = CounselingApp.Start.AddDays(-1),
        });
        var client = _app.CreateClient();
        var page = await Probe.UntilAsync(
            () => client.GetFromJsonAsync<PagedResult<TimelineItem>>($"/api/counseling/customers/{customer}/timeline", CounselingApp.Json)!,
            p => p!.TotalCount == 1, "the extinguishment on the timeline", TimeSpan.FromSeconds(30));
        Assert.Equal("구상채권 종결 (개인회생 면책, 2026-03-01)", Assert.Single(page!.Items).Summary);
    }
}
