using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Contracts.Guarantee;
using Seomin.Messaging;
using Seomin.PersonalData;
using Seomin.Testing;

namespace Seomin.Subrogation.Tests.Integration;

/// <summary>Steps shared by the integration tests: play the guarantee service, file, approve and pay claims.</summary>
internal sealed class Scenario(SubrogationApp app)
{
    public static readonly DateOnly Today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime);

    public SubrogationApp App { get; } = app;

    public string CustomerOf(string rrn) => App.Services.GetRequiredService<ICustomerIdFactory>().Create(ResidentRegistrationNumber.Parse(rrn)).Value;

    /// <summary>A guarantee issued a year ago, in accident four months ago, projected.</summary>
    public async Task<Guid> GuaranteeInAccidentAsync(
        string? customerId = null, long guaranteed = 18_000_000, long outstanding = 10_000_000, decimal ratio = 0.9m, string lender = "NH",
        string? fundCode = null, DateOnly? accidentOn = null)
    {
        var id = Guid.CreateVersion7();
        var customer = customerId ?? "C" + Guid.NewGuid().ToString("N")[..20];
        var issued = MessageIds.NewId();
        await App.PublishAsync(new GuaranteeIssued
        {
            EventId = issued, GuaranteeId = id, ApplicationId = Guid.NewGuid(), CertificateNumber = "CERT-" + id.ToString("N")[..8], CustomerId = customer,
            ProductCode = "WORKER_SUNSHINE", LenderCode = lender, GuaranteedAmount = guaranteed, GuaranteeRatio = ratio,
            StartDate = Today.AddYears(-1), EndDate = Today.AddYears(4), OccurredAt = DateTimeOffset.UtcNow.AddDays(-400), FundCode = fundCode,
        }, issued);
        var accident = MessageIds.NewId();
        await App.PublishAsync(new GuaranteeAccidentReported
        {
            EventId = accident, GuaranteeId = id, CustomerId = customer, LenderCode = lender, OutstandingBalance = outstanding,
            Kind = "Default", AccidentDate = accidentOn ?? Today.AddMonths(-4), OccurredAt = DateTimeOffset.UtcNow.AddDays(-120),
        }, accident);
        await Probe.UntilAsync(
            () => App.QueryAsync(db => db.Guarantees.AnyAsync(g => g.GuaranteeId == id && g.AccidentOn != null && g.StartDate != null)),
            "the guarantee projected with its accident", TimeSpan.FromSeconds(90));
        return id;
    }

    public static object ClaimBody(
        Guid guaranteeId, long principal = 10_000_000, decimal rate = 0.05m, DateOnly? interestPaidTo = null, long claimedCosts = 200_000,
        string? debtorRrn = null, string? debtorName = null) => new
        {
            guaranteeId, trigger = "Default", principal, contractAnnualRate = rate, interestPaidTo = interestPaidTo ?? Today.AddDays(-120),
            claimedCosts, payeeBankCode = "011", payeeAccount = "301-1234-5678-91", debtorRrn, debtorName,
        };

    /// <summary>Files (as S3001), reviews (S3001) for payment today, approves (S3002) and pays; returns the payment response.</summary>
    public async Task<JsonElement> PaidAsync(object claimBody, long approvedCosts = 150_000)
    {
        var filed = await JsonAsync(await App.Officer("S3001").PostAsJsonAsync("/api/subrogation/claims", claimBody), HttpStatusCode.Created);
        var claimId = filed.GetProperty("id").GetGuid();
        await JsonAsync(await App.Officer("S3001").PostAsJsonAsync($"/api/subrogation/claims/{claimId}/review", new { paymentDate = Today, approvedCosts }), HttpStatusCode.OK);
        await JsonAsync(await App.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/approval", null), HttpStatusCode.OK);
        return await JsonAsync(await App.Officer("S3002").PostAsync($"/api/subrogation/claims/{claimId}/payment", null), HttpStatusCode.OK);
    }

    /// <summary>A paid claim's recourse id, for a guarantee of <paramref name="customerId"/>.</summary>
    public async Task<(Guid RecourseId, long Principal)> RecourseAsync(string? customerId = null, string? debtorRrn = null, string? debtorName = null)
    {
        var guarantee = await GuaranteeInAccidentAsync(customerId);
        var paid = await PaidAsync(ClaimBody(guarantee, debtorRrn: debtorRrn, debtorName: debtorName));
        return (paid.GetProperty("recourseId").GetGuid(), paid.GetProperty("claim").GetProperty("payable").GetProperty("guarantorShare").GetInt64());
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} (expected {(int)expected}): {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    public static async Task<string> RuleAsync(HttpResponseMessage response) =>
        (await JsonAsync(response, HttpStatusCode.UnprocessableEntity)).GetProperty("rule").GetString()!;
}
