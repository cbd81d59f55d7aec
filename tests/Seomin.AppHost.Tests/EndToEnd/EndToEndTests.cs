using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>
/// End-to-end tests through the real platform (issues 6, 7 and 8): PostgreSQL, RabbitMQ, the guarantee and counseling
/// services and the gateway started by the AppHost testing builder, called only through the gateway with tokens
/// from its token service. One class (split over files) so that all of them share one started platform.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class EndToEndTests(PlatformFixture platform)
{
    private const string GuaranteeOfficer = "dev-guarantee-officer";
    private const string Counselor = "dev-counselor";
    private const string PartnerAlpha = "dev-partner-alpha";
    private const string PartnerBeta = "dev-partner-beta";

    /// <summary>Events cross the outbox and the broker: generous on a busy two-core machine, still a bound.</summary>
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(90);

    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    private Uri Gateway => platform.App.GetEndpoint(ResourceNames.Gateway);

    private static DateOnly SeoulToday => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Seoul).DateTime);

    private Task<GatewayClient> ClientAsync(string clientId) => GatewayClient.ForClientAsync(Gateway, clientId);


    /// <summary>
    /// 코로나19 소상공인 특례보증 (Incheon) with a credit score of grade 8: the field survey is waived only up to grade 6,
    /// so screening refers the application to manual review.
    /// </summary>
    private static object ReferredIncheonApplication(string rrn) => new
    {
        productCode = "INCHEON_COVID19",
        rrn,
        channel = "Branch",
        lenderCode = "081",
        requestedAmount = 10_000_000,
        termMonths = 60,
        employmentMonths = 24,
        annualIncome = 30_000_000,
        creditScore = 500,
        creditPercentile = 30m,
        businessAgeMonths = 36,
        protectedGroup = false,
        feePaymentPlan = "Upfront",
    };

    private static void AssertStatus(HttpStatusCode expected, GatewayResponse response) =>
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {response}");

    private static string Str(JsonElement json, string property) =>
        json.GetProperty(property).GetString() ?? throw new InvalidOperationException($"{property} is null in {json}");

    /// <summary>The raw number (with or without its hyphen) must be in no body the platform sent.</summary>
    private static void AssertRrnNeverEchoed(string rrn, params GatewayClient[] clients)
    {
        var digits = rrn.Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var body in clients.SelectMany(c => c.Bodies))
        {
            Assert.DoesNotContain(rrn, body, StringComparison.Ordinal);
            Assert.DoesNotContain(digits, body, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Takes an application from submission to an executed loan as guarantee staff would: submit (idempotent),
    /// approve when screening referred it, agreement, issuance, the lender's loan-execution notice.
    /// </summary>
    private static async Task<IssuedGuarantee> TakeToLoanExecutedAsync(GatewayClient staff, object application, string rrn)
    {
        var key = $"e2e-{Guid.NewGuid():N}";
        var submitted = await staff.PostAsync("/api/guarantees/applications", application, key);
        AssertStatus(HttpStatusCode.Created, submitted);
        var view = submitted.Json;
        Assert.Equal($"{rrn[..6]}-*******", Str(view, "maskedRrn"));
        Assert.False(view.TryGetProperty("rrn", out _), "the submission response carries an rrn field");
        var applicationId = Str(view, "id");
        var customerId = Str(view, "customerId");

        var replayed = await staff.PostAsync("/api/guarantees/applications", application, key);
        AssertStatus(HttpStatusCode.Created, replayed);
        Assert.Equal("true", replayed.Header("Idempotent-Replayed"));
        Assert.Equal(applicationId, Str(replayed.Json, "id"));

        if (Str(view, "status") == "referred")
        {
            Assert.True(!view.TryGetProperty("guaranteeId", out var none) || none.ValueKind == JsonValueKind.Null, "a referred application has no guarantee");
            var requested = view.GetProperty("requestedAmount").GetInt64();
            // Maker-checker: the system that submitted cannot decide; an employee signed in on the Korean page does.
            var checkerTokens = await StaffSignIn.SignInAsync(staff.BaseAddress, "S1001", "openid guarantee", "referred-approval-checker");
            using var checker = GatewayClient.ForToken(staff.BaseAddress, checkerTokens.AccessToken);
            var selfApproval = await staff.PostAsync($"/api/guarantees/applications/{applicationId}/approval",
                new { amount = requested, note = "현장조사 완료" });
            AssertStatus(HttpStatusCode.UnprocessableEntity, selfApproval);
            Assert.Equal("self_approval_forbidden", Str(selfApproval.Json, "errorCode"));
            var approved = await checker.PostAsync($"/api/guarantees/applications/{applicationId}/approval",
                new { amount = requested, note = "현장조사 완료" });
            AssertStatus(HttpStatusCode.OK, approved);
            view = approved.Json;
        }

        Assert.Equal("approved", Str(view, "status"));
        var guaranteeId = Str(view, "guaranteeId");

        var agreed = await staff.PostAsync($"/api/guarantees/{guaranteeId}/agreement", new { });
        AssertStatus(HttpStatusCode.OK, agreed);
        Assert.Equal("agreed", Str(agreed.Json, "status"));

        var issued = await staff.PostAsync($"/api/guarantees/{guaranteeId}/issuance", new { });
        AssertStatus(HttpStatusCode.OK, issued);
        Assert.Equal("issued", Str(issued.Json, "status"));
        Assert.StartsWith("SG", Str(issued.Json, "certificateNumber"), StringComparison.Ordinal);

        var loanAmount = issued.Json.GetProperty("approvedLoanAmount").GetInt64();
        var executed = await staff.PostAsync($"/api/guarantees/{guaranteeId}/notices/loan-executed", new { loanAmount });
        AssertStatus(HttpStatusCode.OK, executed);
        Assert.Equal("loanExecuted", Str(executed.Json, "status"));
        Assert.Equal(loanAmount, executed.Json.GetProperty("loanBalance").GetInt64());

        return new IssuedGuarantee(applicationId, guaranteeId, customerId, key, executed.Json);
    }

    private sealed record IssuedGuarantee(string ApplicationId, string GuaranteeId, string CustomerId, string IdempotencyKey, JsonElement Guarantee);
}
