using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Counseling;
using Seomin.Contracts.Guarantee;
using Seomin.DormantAssets.Api.Features.Transfers;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.DormantAssets.Tests.Integration;

/// <summary>Automatic lookup from other services' events, outreach candidates and the monthly disclosure.</summary>
public sealed class AutomaticLookupAndDisclosureTests(PlatformServers servers) : IAsyncLifetime
{
    private DormantApp _app = null!;
    private IBusControl _bus = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await DormantApp.SharedAsync(servers);
        var broker = BrokerAddress.Parse(_app.Messaging);
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker.Host, broker.Port, broker.VirtualHost, h =>
        {
            h.Username(broker.UserName);
            h.Password(broker.Password);
        }));
        await _bus.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    private async Task<string> UploadAsync(string sector, params (string Rrn, long Amount, string Type)[] lines)
    {
        var csv = TransferLines.Header + "\n" + string.Join("\n", lines.Select(l => $"한소희,{l.Rrn},,{l.Amount},{l.Type},{Unique("A")},2020-05-01")) + "\n";
        var response = await _app.Institution(Unique("X")).PostAsync(
            $"/api/dormant-assets/transfers/batches/file?batchReference={Unique("R")}&institutionName=기관&sector={sector}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task AutomaticLookup_WhenAPersonWithAssetsAppearsInOtherServices_PublishesOneNoticePerPeriod()
    {
        var rrn = SyntheticRrn.Adult();
        await UploadAsync("Bank", (rrn, 350_000, "Deposit"), (rrn, 40_000, "Cheque"));
        var customerId = _app.CustomerIdOf(rrn);
        var nobody = _app.CustomerIdOf(SyntheticRrn.Adult());

        var applied = MessageIds.NewId();
        await _bus.Publish(new GuaranteeApplicationSubmitted
        {
            EventId = applied, ApplicationId = Guid.NewGuid(), CustomerId = customerId, ProductCode = "WORKER_SUNSHINE", RequestedAmount = 5_000_000,
            TermMonths = 36, Channel = ApplicationChannel.Branch, OccurredAt = DateTimeOffset.UtcNow,
        }, c => c.MessageId = applied);
        foreach (var who in new[] { customerId, nobody })
        {
            var session = MessageIds.NewId();
            await _bus.Publish(new CounselingSessionRecorded
            {
                EventId = session, SessionId = Guid.NewGuid(), CustomerId = who, Channel = "CallCenter", Category = "Debt", OccurredAt = DateTimeOffset.UtcNow,
            }, c => c.MessageId = session);
        }

        await Probe.UntilAsync(
            () => _app.QueryAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM dormant.inbox_messages").SingleAsync()).ContinueWith(t => t.Result >= 3),
            "the three events consumed", TimeSpan.FromSeconds(30));
        var notices = await _app.QueryAsync(db => db.Notices.Where(n => n.CustomerId == customerId || n.CustomerId == nobody).ToListAsync());

        var notice = Assert.Single(notices);
        Assert.Equal((customerId, 1, 350_000L), (notice.CustomerId, notice.AssetCount, notice.TotalAmount));
        // Both events name the person; whichever the service consumed first (they travel on different queues) made the notice.
        Assert.Contains(notice.Trigger, new[] { "guarantee.application-submitted", "counseling.session-recorded" });
        Assert.Equal(1, await _app.OutboxCountAsync("dormantassets.found", customerId));
    }

    [Fact]
    public async Task MonthlyDisclosure_CountsTransfersPaymentsAndOutstandingBySectorInJsonAndCsv()
    {
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var officer = _app.Officer("S5001");
        var before = await officer.GetFromJsonAsync<JsonElement>($"/api/dormant-assets/disclosure/monthly?month={month}");

        await UploadAsync("FinancialInvestment", (SyntheticRrn.Adult(), 1_000, "InvestorDeposit"), (SyntheticRrn.Adult(), 2_500, "InvestorDeposit"));
        var after = await officer.GetFromJsonAsync<JsonElement>($"/api/dormant-assets/disclosure/monthly?month={month}");
        var csv = await officer.GetStringAsync($"/api/dormant-assets/disclosure/monthly.csv?month={month}");
        var badMonth = await officer.GetAsync("/api/dormant-assets/disclosure/monthly?month=2026-13");

        long Row(JsonElement d, string field) => d.GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("assetType").GetString() == "InvestorDeposit" && r.GetProperty("sector").GetString() == "FinancialInvestment")
            .Sum(r => r.GetProperty(field).GetInt64());
        Assert.Equal(2, Row(after, "transferredCount") - Row(before, "transferredCount"));
        Assert.Equal(3_500, Row(after, "transferredAmount") - Row(before, "transferredAmount"));
        Assert.Equal(3_500, Row(after, "outstandingAmount") - Row(before, "outstandingAmount"));
        Assert.StartsWith("month,assetType,sector,transferredCount", csv, StringComparison.Ordinal);
        Assert.Contains($"{month},InvestorDeposit,FinancialInvestment,", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
    }

    [Fact]
    public async Task NoticeCandidates_AreOwnersAtOrAboveTheThreshold()
    {
        var rich = SyntheticRrn.Adult();
        var poor = SyntheticRrn.Adult();
        await UploadAsync("Bank", (rich, 200_000, "Deposit"), (rich, 100_000, "Insurance"), (poor, 299_999, "Deposit"));

        var page = await _app.Officer("S5001").GetFromJsonAsync<JsonElement>("/api/dormant-assets/outreach/notices?pageSize=1000");

        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("customerId").GetString()).ToHashSet();
        Assert.Contains(_app.CustomerIdOf(rich), ids);
        Assert.DoesNotContain(_app.CustomerIdOf(poor), ids);
    }
}
