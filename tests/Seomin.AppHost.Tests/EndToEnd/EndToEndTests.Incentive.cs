using System.Globalization;
using System.Net;
using Npgsql;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

public sealed partial class EndToEndTests
{
    /// <summary>The seeded products' pre-application counseling reduction (0.1 %p of the annual fee rate).</summary>
    private const decimal CounselingReduction = 0.001m;

    [Fact]
    public async Task FeeIncentive_WhenCounselingCompletionArrivesByEvent_LaterGuaranteeOfThatCustomerHasTheReducedRate()
    {
        using var staff = await ClientAsync(GuaranteeOfficer);
        using var counselor = await ClientAsync(Counselor);
        var counseled = SyntheticRrn.Adult(41);
        var plain = SyntheticRrn.Adult(42);

        var completion = await counselor.PostAsync("/api/counseling/completions", new
        {
            rrn = counseled,
            kind = "PreApplicationCounseling",
            completedOn = SeoulToday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            recordedBy = "cc-e2e",
        });
        AssertStatus(HttpStatusCode.Created, completion);
        var customerId = Str(completion.Json, "customerId");
        await WaitForIncentiveAsync(customerId);

        var withCounseling = await staff.PostAsync("/api/guarantees/applications", Applications.WorkerSunshine(counseled), $"e2e-{Guid.NewGuid():N}");
        var without = await staff.PostAsync("/api/guarantees/applications", Applications.WorkerSunshine(plain), $"e2e-{Guid.NewGuid():N}");

        AssertStatus(HttpStatusCode.Created, withCounseling);
        AssertStatus(HttpStatusCode.Created, without);
        Assert.Equal(customerId, Str(withCounseling.Json, "customerId"));
        var reducedRate = await FeeRateAsync(staff, withCounseling);
        var standardRate = await FeeRateAsync(staff, without);
        Assert.True(reducedRate < standardRate, $"counseled {reducedRate} vs without {standardRate}");
        Assert.Equal(standardRate - CounselingReduction, reducedRate);

        // The counseling timeline of that customer joins both services: the completion and the guarantee application.
        await Probe.UntilAsync(
            async () =>
            {
                var timeline = await counselor.GetAsync($"/api/counseling/customers/{customerId}/timeline");
                var kinds = timeline.StatusCode == HttpStatusCode.OK
                    ? timeline.Json.GetProperty("items").EnumerateArray().Select(i => Str(i, "kind")).ToList()
                    : [];
                return kinds.Contains("PreApplicationCounselingCompleted") && kinds.Contains("GuaranteeApplicationSubmitted");
            },
            $"the completion and the guarantee application on the timeline of {customerId}",
            EventWait);
        AssertRrnNeverEchoed(counseled, staff, counselor);
        AssertRrnNeverEchoed(plain, staff, counselor);
    }

    private static async Task<decimal> FeeRateAsync(GatewayClient staff, GatewayResponse submitted)
    {
        Assert.Equal("approved", Str(submitted.Json, "status"));
        var guarantee = await staff.GetAsync($"/api/guarantees/{Str(submitted.Json, "guaranteeId")}");
        AssertStatus(HttpStatusCode.OK, guarantee);
        return guarantee.Json.GetProperty("feeRate").GetDecimal();
    }

    /// <summary>
    /// The guarantee service has no API that shows a customer's incentives, so the test reads its projection (the rows
    /// its PreApplicationCounselingCompleted consumer writes) until the event has arrived; the fee itself is then
    /// observed through the API only.
    /// </summary>
    private async Task WaitForIncentiveAsync(string customerId)
    {
        var connectionString = await platform.App.GetConnectionStringAsync(ResourceNames.GuaranteeDb, TestContext.Current.CancellationToken);
        await Probe.UntilAsync(
            async () =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = new NpgsqlCommand(
                    "SELECT count(*) FROM guarantee.customer_incentives WHERE customer_id = @customerId", connection);
                command.Parameters.AddWithValue("customerId", customerId);
                return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0;
            },
            $"the counseling completion of {customerId} to reach the guarantee service by event",
            EventWait);
    }
}
