using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Access;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Api.Features.SelfServiceRefund;
using Seomin.Guarantee.Domain.Fees;
using Seomin.IdentityVerification;
using Seomin.PersonalData.Audit;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>
/// Self-service refund of overpaid fees (#17 item 16). Fee 270,246 due 2026-03-02: 200,000 paid that day, 100,000 on
/// day 10. The 70,246 left unpaid for 10 days carries a late fee of 70,246 × 10% × 10/365 = 192.4 → 192 (시행령 44③), so the
/// overpayment is 100,000 − 70,246 − 192 = 29,562: what the customer sees and gets.
/// </summary>
public sealed class SelfServiceRefundTests(PlatformServers servers)
{
    private const string Name = "김서민";
    private const long Refundable = 29_562;

    private sealed record Setup(GuaranteeApiFactory Api, HttpClient App, Guid GuaranteeId, string VerificationId, FakeRefundBankNetwork Bank);

    private static async Task<Setup> OverpaidAsync(GuaranteeApiFactory api)
    {
        var rrn = SyntheticRrn.Adult(35);
        var staff = api.CreateClient();
        var application = await (await staff.PostAsJsonAsync("/api/guarantees/applications", new
        {
            productCode = "WORKER_SUNSHINE", rrn, channel = "Mobile", lenderCode = "NH", requestedAmount = 10_000_000, termMonths = 36,
            employmentMonths = 24, workingDaysLastThreeMonths = new[] { 22, 21, 20 }, annualIncome = 30_000_000, creditScore = 700, creditPercentile = 40, feePaymentPlan = "Upfront",
        })).ReadAsync<ApplicationView>(HttpStatusCode.Created);
        var id = application.GuaranteeId!.Value;
        await (await staff.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await staff.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await staff.PostAsJsonAsync($"/api/guarantees/{id}/notices/loan-executed", new { loanAmount = 10_000_000 })).ExpectAsync(HttpStatusCode.OK);
        await (await staff.PostAsJsonAsync($"/api/guarantees/{id}/fees/payments", new { amount = 200_000 })).ExpectAsync(HttpStatusCode.OK);
        api.Time.Advance(TimeSpan.FromDays(10));
        await (await staff.PostAsJsonAsync($"/api/guarantees/{id}/fees/payments", new { amount = 100_000 })).ExpectAsync(HttpStatusCode.OK);

        var bank = api.Services.GetRequiredService<FakeRefundBankNetwork>();
        bank.OpenAccount("088", "110123456789", Name);
        bank.OpenAccount("088", "110999999999", "다른사람");
        var verification = api.Services.GetRequiredService<FakeIdentityVerificationProvider>().Issue(Name, rrn);
        var app = api.CreateClient(api.Tokens.Internal("seomin-app", [StaffRoles.GuaranteeOfficer], Audiences.Guarantee));
        return new Setup(api, app, id, verification, bank);
    }

    [Fact]
    public async Task Refund_WhenCustomerOverpaid_ShowsNetRefundableAndPaysItOnceToTheirAccount()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_self_refund");
        var s = await OverpaidAsync(api);

        var refundable = await (await s.App.PostAsJsonAsync("/api/guarantees/self-service/refundable", new { verificationId = s.VerificationId }))
            .ReadAsync<RefundableView>(HttpStatusCode.OK);
        var paid = await (await s.App.PostAsJsonAsync("/api/guarantees/self-service/refunds",
            new { verificationId = s.VerificationId, guaranteeId = s.GuaranteeId, bankCode = "088", accountNumber = "110-123-456789" }))
            .ReadAsync<RefundResult>(HttpStatusCode.OK);
        var again = await (await s.App.PostAsJsonAsync("/api/guarantees/self-service/refunds",
            new { verificationId = s.VerificationId, guaranteeId = s.GuaranteeId, bankCode = "088", accountNumber = "110123456789" }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(Refundable, Assert.Single(refundable.Guarantees).Refundable);
        Assert.Equal(Refundable, refundable.TotalRefundable);
        Assert.Matches("^[0-9]{6}-\\*{7}$", refundable.MaskedRrn);
        Assert.Equal((Refundable, RefundTransferStatus.Completed, "********6789"), (paid.Amount, paid.Status, paid.MaskedAccountNumber));
        Assert.Contains("RefundRequiresOverpayment", again, StringComparison.Ordinal);
        var transfer = Assert.Single(s.Bank.Executed);
        Assert.Equal((paid.TransferId, Refundable, "110123456789"), (transfer.TransferId, transfer.Amount, transfer.AccountNumber));
        var fees = await (await api.CreateClient().GetAsync($"/api/guarantees/{s.GuaranteeId}/fees")).ReadAsync<FeeView>(HttpStatusCode.OK);
        Assert.Equal(-Refundable, Assert.Single(fees.Ledger, e => e.Kind == FeeLedgerEntryKind.OverpaymentRefund).Amount);
        Assert.Equal([192L], fees.Instalments.Where(i => i.Kind == FeeInstalmentKind.LateFee).Select(i => i.Amount));
        Assert.Equal(0, fees.Overpayment);
        Assert.Equal(270_246 + 192, fees.PaidBalance);
        var audit = await api.WithDbAsync(db => db.Set<AuditLogEntry>().Where(a => a.ResourceType.StartsWith("SelfService")).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditAction.View, audit);
        Assert.Contains(AuditAction.Create, audit);
    }

    [Fact]
    public async Task Refund_WhenBankAnswerIsLost_RetrySendsTheSameTransferAndPaysOnce()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_self_refund_retry");
        var s = await OverpaidAsync(api);
        s.Bank.FailNextAnswers(1);
        var body = new { verificationId = s.VerificationId, guaranteeId = s.GuaranteeId, bankCode = "088", accountNumber = "110123456789" };

        var first = await (await s.App.PostAsJsonAsync("/api/guarantees/self-service/refunds", body)).ReadAsync<RefundResult>(HttpStatusCode.OK);
        var retry = await (await s.App.PostAsJsonAsync("/api/guarantees/self-service/refunds", body)).ReadAsync<RefundResult>(HttpStatusCode.OK);

        Assert.Equal(RefundTransferStatus.Pending, first.Status);
        Assert.Equal(RefundTransferStatus.Completed, retry.Status);
        Assert.Equal(first.TransferId, retry.TransferId);
        Assert.Equal(Refundable, Assert.Single(s.Bank.Executed).Amount);
        Assert.Equal(1, await api.WithDbAsync(db => db.RefundTransfers.CountAsync()));
        Assert.Equal(-Refundable, await api.WithDbAsync(db => db.Guarantees.Where(g => g.Id == s.GuaranteeId)
            .SelectMany(g => g.Ledger).Where(e => e.Kind == FeeLedgerEntryKind.OverpaymentRefund).SumAsync(e => e.Amount)));
    }

    [Fact]
    public async Task Refund_WhenAccountIsAnotherPersonsOrCallerIsNotTheApp_IsRefused()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_self_refund_refused");
        var s = await OverpaidAsync(api);

        var otherName = await (await s.App.PostAsJsonAsync("/api/guarantees/self-service/refunds",
            new { verificationId = s.VerificationId, guaranteeId = s.GuaranteeId, bankCode = "088", accountNumber = "110999999999" }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var forged = await (await s.App.PostAsJsonAsync("/api/guarantees/self-service/refundable", new { verificationId = s.VerificationId + "x" }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var staff = await api.CreateClient().PostAsJsonAsync("/api/guarantees/self-service/refundable", new { verificationId = s.VerificationId });
        var badAccount = await (await s.App.PostAsJsonAsync("/api/guarantees/self-service/refunds",
            new { verificationId = s.VerificationId, guaranteeId = s.GuaranteeId, bankCode = "088", accountNumber = "12" }))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains(SelfServiceRefunds.AccountNotInCustomerName, otherName, StringComparison.Ordinal);
        Assert.Contains("identity_verification_invalid", forged, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Contains("accountNumber", badAccount, StringComparison.Ordinal);
        Assert.Empty(s.Bank.Executed);
        Assert.Equal(0, await api.WithDbAsync(db => db.RefundTransfers.CountAsync()));
    }
}
