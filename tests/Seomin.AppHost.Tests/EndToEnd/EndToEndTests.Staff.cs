using System.Net;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

public sealed partial class EndToEndTests
{
    [Fact]
    public async Task StaffFlow_WhenReferredApplicationIsTakenThroughTheGateway_EndsLoanExecutedWithTheRrnOnlyMasked()
    {
        using var staff = await ClientAsync(GuaranteeOfficer);
        var rrn = SyntheticRrn.Adult(45);

        var products = await staff.GetAsync("/api/guarantees/products");
        AssertStatus(HttpStatusCode.OK, products);
        var codes = products.Json.EnumerateArray().Select(p => Str(p, "code")).ToList();
        Assert.Contains("WORKER_SUNSHINE", codes);
        Assert.Contains("INCHEON_COVID19", codes);

        var issued = await TakeToLoanExecutedAsync(staff, ReferredIncheonApplication(rrn), rrn);

        var application = await staff.GetAsync($"/api/guarantees/applications/{issued.ApplicationId}");
        AssertStatus(HttpStatusCode.OK, application);
        Assert.Equal("approved", Str(application.Json, "status"));
        // The decision names the employee who signed in and decided it (maker-checker), not a value from the body.
        Assert.Equal("S1001", Str(application.Json, "decidedBy"));
        Assert.Equal(issued.GuaranteeId, Str(application.Json, "guaranteeId"));
        Assert.Equal($"{rrn[..6]}-*******", Str(application.Json, "maskedRrn"));
        var guarantee = await staff.GetAsync($"/api/guarantees/{issued.GuaranteeId}");
        AssertStatus(HttpStatusCode.OK, guarantee);
        Assert.Equal("loanExecuted", Str(guarantee.Json, "status"));
        Assert.Equal(issued.CustomerId, Str(guarantee.Json, "customerId"));
        var list = await staff.GetAsync($"/api/guarantees/applications?customerId={issued.CustomerId}");
        AssertStatus(HttpStatusCode.OK, list);
        AssertRrnNeverEchoed(rrn, staff);
    }

    [Fact]
    public async Task StaffFlow_WhenAnEligibleApplicationIsSubmitted_IsApprovedAtOnceAndAnIllegalTransitionIs409()
    {
        using var staff = await ClientAsync(GuaranteeOfficer);
        var rrn = SyntheticRrn.Adult(38);

        var issued = await TakeToLoanExecutedAsync(staff, Applications.WorkerSunshine(rrn), rrn);

        var reusedKey = await staff.PostAsync("/api/guarantees/applications", Applications.WorkerSunshine(rrn, 6_000_000), issued.IdempotencyKey);
        AssertStatus(HttpStatusCode.UnprocessableEntity, reusedKey);
        Assert.Equal("application/problem+json", reusedKey.ContentType);
        var again = await staff.PostAsync($"/api/guarantees/{issued.GuaranteeId}/agreement", new { });
        AssertStatus(HttpStatusCode.Conflict, again);
        Assert.Equal("application/problem+json", again.ContentType);
        AssertRrnNeverEchoed(rrn, staff);
    }

    [Fact]
    public async Task Timeline_WhenAGuaranteeIsIssued_CounselorSeesSubmittedThenIssuedThroughTheGateway()
    {
        using var staff = await ClientAsync(GuaranteeOfficer);
        using var counselor = await ClientAsync(Counselor);
        var rrn = SyntheticRrn.Adult(33);
        var issued = await TakeToLoanExecutedAsync(staff, Applications.WorkerSunshine(rrn), rrn);

        var timeline = await Probe.UntilAsync(
            async () =>
            {
                var response = await counselor.GetAsync($"/api/counseling/customers/{issued.CustomerId}/timeline?page=1&pageSize=50");
                return response.StatusCode == HttpStatusCode.OK
                    ? response.Json.GetProperty("items").EnumerateArray().ToList()
                    : [];
            },
            items => items.Any(i => Str(i, "kind") == "GuaranteeApplicationSubmitted")
                     && items.Any(i => Str(i, "kind") == "GuaranteeIssued")
                     && items.Any(i => Str(i, "kind") == "GuaranteeLoanExecuted"),
            $"the guarantee events of customer {issued.CustomerId} on the counseling timeline",
            EventWait);

        // Newest first: executed, issued, ..., submitted; each from the guarantee service and pointing at its record.
        var kinds = timeline.Select(i => Str(i, "kind")).ToList();
        var submitted = timeline.Single(i => Str(i, "kind") == "GuaranteeApplicationSubmitted");
        var issuedEntry = timeline.Single(i => Str(i, "kind") == "GuaranteeIssued");
        Assert.True(kinds.IndexOf("GuaranteeIssued") < kinds.IndexOf("GuaranteeApplicationSubmitted"), string.Join(", ", kinds));
        Assert.True(kinds.IndexOf("GuaranteeLoanExecuted") < kinds.IndexOf("GuaranteeIssued"), string.Join(", ", kinds));
        Assert.True(submitted.GetProperty("occurredAt").GetDateTimeOffset() <= issuedEntry.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.All(timeline, i => Assert.Equal("guarantee", Str(i, "sourceService")));
        Assert.Equal(issued.ApplicationId, Str(submitted, "sourceRecordId"));
        Assert.Equal(issued.GuaranteeId, Str(issuedEntry, "sourceRecordId"));
        var sorted = timeline.Select(i => i.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
        Assert.Equal(sorted.OrderDescending(), sorted);
        AssertRrnNeverEchoed(rrn, staff, counselor);
    }
}
