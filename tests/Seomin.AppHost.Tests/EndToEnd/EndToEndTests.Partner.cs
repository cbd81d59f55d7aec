using System.Net;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

public sealed partial class EndToEndTests
{
    [Fact]
    public async Task PartnerFlow_WhenAlphaAppliesThroughPartnerApi_OnlyAlphaSeesItAndInternalRoutesAre403()
    {
        using var alpha = await ClientAsync(PartnerAlpha);
        using var beta = await ClientAsync(PartnerBeta);
        var rrn = SyntheticRrn.Adult(36);

        var products = await alpha.GetAsync("/partner/v1/products");
        AssertStatus(HttpStatusCode.OK, products);
        Assert.Equal(25, products.Header("x-api-tran-id")?.Length);
        Assert.Contains("WORKER_SUNSHINE", products.Body, StringComparison.Ordinal);

        var submitted = await alpha.PostAsync("/partner/v1/guarantee-applications", new
        {
            productCode = "WORKER_SUNSHINE",
            applicant = new
            {
                name = "김민수",
                residentRegistrationNumber = rrn,
                annualIncome = 30_000_000,
                employmentMonths = 12,
                creditScore = 700,
                creditPercentile = 40.5m,
                workingDaysLastThreeMonths = new[] { 22, 21, 22 },
            },
            requestedAmount = 5_000_000,
            termMonths = 60,
            lenderCode = "081",
            consent = new { consentId = $"consent-{Guid.NewGuid():N}", consentedAt = DateTimeOffset.UtcNow.AddMinutes(-5) },
        }, $"e2e-{Guid.NewGuid():N}");

        AssertStatus(HttpStatusCode.Created, submitted);
        var transactionId = submitted.Header("x-api-tran-id");
        Assert.Equal(25, transactionId?.Length);
        var applicationId = Str(submitted.Json, "applicationId");
        Assert.False(string.IsNullOrWhiteSpace(applicationId));
        Assert.Equal(transactionId, Str(submitted.Json, "transactionId"));

        var status = await alpha.GetAsync($"/partner/v1/guarantee-applications/{applicationId}");
        AssertStatus(HttpStatusCode.OK, status);
        Assert.Equal(25, status.Header("x-api-tran-id")?.Length);
        Assert.Contains(applicationId, status.Body, StringComparison.Ordinal);

        var foreign = await beta.GetAsync($"/partner/v1/guarantee-applications/{applicationId}");
        AssertStatus(HttpStatusCode.NotFound, foreign);
        Assert.Equal(25, foreign.Header("x-api-tran-id")?.Length);

        var internalRoute = await alpha.GetAsync("/api/guarantees/products");
        AssertStatus(HttpStatusCode.Forbidden, internalRoute);
        using var staff = await ClientAsync(GuaranteeOfficer);
        var seenByStaff = await staff.GetAsync($"/api/guarantees/applications/{applicationId}");
        AssertStatus(HttpStatusCode.OK, seenByStaff);
        Assert.Equal("partner", Str(seenByStaff.Json, "channel"));
        Assert.Equal($"{rrn[..6]}-*******", Str(seenByStaff.Json, "maskedRrn"));
        AssertRrnNeverEchoed(rrn, alpha, beta, staff);
    }
}
