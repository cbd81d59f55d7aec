using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Access;
using Seomin.Contracts.Identity;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Domain.Screening;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>The guarantee service checks every token itself, whatever reaches it, and names the person in its audit.</summary>
public sealed class GuaranteeAccessTests(PlatformServers servers)
{
    private const string Applications = "/api/guarantees/applications";

    private static object Application(string rrn, string? partnerCode = null, int creditScore = 700, string product = "WORKER_SUNSHINE",
        int? businessAgeMonths = null, int term = 36) => new
    {
        productCode = product,
        rrn,
        channel = "Mobile",
        partnerCode,
        lenderCode = "NH",
        requestedAmount = 10_000_000,
        termMonths = term,
        employmentMonths = 24,
        workingDaysLastThreeMonths = new[] { 22, 21, 20 },
        annualIncome = 30_000_000,
        creditScore,
        creditPercentile = 40,
        businessAgeMonths,
        feePaymentPlan = "Upfront",
    };

    private static Dictionary<string, object> OfficerClaims() => new()
    {
        ["sub"] = GuaranteeApiFactory.Maker, ["client_id"] = "seomin-staff", ["client_type"] = ClientTypes.Staff, ["role"] = new[] { StaffRoles.GuaranteeOfficer },
    };

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(errorCode, JsonDocument.Parse(body).RootElement.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task AnyRoute_WhenTheTokenIsMissingOrNotValidForThisService_Is401()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_access_401");
        var tokens = api.Tokens;
        var refused = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["forged"] = tokens.Forged(OfficerClaims(), Audiences.Gateway, Audiences.Guarantee),
            ["alg none"] = TestTokenAuthority.Unsigned(OfficerClaims(), Audiences.Gateway, Audiences.Guarantee),
            ["expired"] = tokens.Issue(OfficerClaims(), [Audiences.Gateway, Audiences.Guarantee], TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-1)),
            ["counseling audience"] = tokens.Staff(GuaranteeApiFactory.Maker, [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Counseling),
        };

        foreach (var (kind, token) in refused)
        {
            using var client = api.CreateClient(token);
            using var list = await client.GetAsync(Applications);
            using var submit = await client.PostAsJsonAsync(Applications, Application(SyntheticRrn.Adult(30)));

            Assert.True(list.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: list answered {(int)list.StatusCode}");
            await AssertProblemAsync(submit, HttpStatusCode.Unauthorized, token is null ? "unauthorized" : "invalid_token");
        }

        using var anonymous = api.CreateClient(token: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
        Assert.Equal(0, await api.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task AnyRoute_WhenATrustedHeaderIsSentWithoutAToken_Is401()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_access_header");
        using var client = api.CreateClient(token: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, Applications);
        request.Headers.Add("X-Seomin-Client-Id", "dev-guarantee-officer");
        request.Headers.Add("X-Seomin-Partner-Id", "ALPHAFIN01");

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task StaffRoute_WhenCalledWithAPartnerTokenOrWithoutTheRole_Is403()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_access_403");
        using var partner = api.CreateClient(api.Tokens.Partner("fintech-a", "ALPHAFIN01", [Scopes.ProductsRead, Scopes.GuaranteesApply], Audiences.Gateway, Audiences.Guarantee));
        using var counselor = api.CreateClient(api.StaffToken("E3003", StaffRoles.Counselor));

        using var partnerList = await partner.GetAsync(Applications);
        using var partnerReport = await partner.GetAsync("/api/guarantees/reports/operating-multiple");
        using var partnerOps = await partner.GetAsync("/ops/messaging/error-queues");
        using var counselorWrite = await counselor.PostAsJsonAsync(Applications, Application(SyntheticRrn.Adult(30)));
        using var counselorRead = await counselor.GetAsync(Applications);
        using var counselorAudit = await counselor.GetAsync($"/api/guarantees/{Guid.NewGuid()}/audit-trail");
        using var products = await partner.GetAsync("/api/guarantees/products");

        await AssertProblemAsync(partnerList, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(partnerReport, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(partnerOps, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(counselorWrite, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(counselorAudit, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, counselorRead.StatusCode);
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        Assert.Equal(0, await api.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task SubmitApplication_WhenAPartnerApplies_TheTokenNamesThePartnerAndOnlyItReadsTheApplication()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_access_partner");
        var scopes = new[] { Scopes.ProductsRead, Scopes.GuaranteesApply };
        using var alpha = api.CreateClient(api.Tokens.Partner("fintech-a", "ALPHAFIN01", scopes, Audiences.Gateway, Audiences.Guarantee));
        using var beta = api.CreateClient(api.Tokens.Partner("fintech-b", "BETAFIN002", scopes, Audiences.Gateway, Audiences.Guarantee));

        var created = await (await alpha.PostAsJsonAsync(Applications, Application(SyntheticRrn.Adult(30)))).ReadAsync<ApplicationView>(HttpStatusCode.Created);
        using var spoofed = await alpha.PostAsJsonAsync(Applications, Application(SyntheticRrn.Adult(31), partnerCode: "BETAFIN002"));
        using var own = await alpha.GetAsync($"{Applications}/{created.Id}");
        using var foreign = await beta.GetAsync($"{Applications}/{created.Id}");
        using var staff = await api.CreateClient().GetAsync($"{Applications}/{created.Id}");

        Assert.Equal("ALPHAFIN01", created.PartnerCode);
        Assert.Equal(Channel.Partner, created.Channel);
        Assert.Equal("fintech-a", created.SubmittedBy);
        await AssertProblemAsync(spoofed, HttpStatusCode.Forbidden, "partner_mismatch");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await AssertProblemAsync(foreign, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Equal(1, await api.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task DecideApplication_WhenTheSubmitterDecides_Is422SelfApprovalForbiddenAndAudited()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_access_maker");
        var maker = api.CreateClient();
        var referred = await (await maker.PostAsJsonAsync(Applications,
                Application(SyntheticRrn.Adult(30), creditScore: 600, product: "INCHEON_YOUTH_STARTUP", businessAgeMonths: 12, term: 60)))
            .ReadAsync<ApplicationView>(HttpStatusCode.Created);
        Assert.Equal(ApplicationStatus.Referred, referred.Status);

        using var selfApproval = await maker.PostAsJsonAsync($"{Applications}/{referred.Id}/approval", new { amount = 8_000_000 });
        using var selfRejection = await maker.PostAsJsonAsync($"{Applications}/{referred.Id}/rejection", new { reason = "mine" });
        var approved = await (await api.CreateCheckerClient().PostAsJsonAsync($"{Applications}/{referred.Id}/approval", new { amount = 8_000_000 }))
            .ReadAsync<ApplicationView>(HttpStatusCode.OK);

        await AssertProblemAsync(selfApproval, HttpStatusCode.UnprocessableEntity, MakerChecker.ErrorCode);
        await AssertProblemAsync(selfRejection, HttpStatusCode.UnprocessableEntity, MakerChecker.ErrorCode);
        Assert.Equal(GuaranteeApiFactory.Checker, approved.DecidedBy);
        var refusals = await api.WithDbAsync(db => db.Set<AuditLogEntry>().Where(a => a.Action == AuditAction.Refuse).ToListAsync());
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Equal(GuaranteeApiFactory.Maker, r.Actor));
        Assert.True((await api.WithDbAsync(db => AuditChainVerifier.VerifyAsync(db))).IsIntact);
    }

    [Fact]
    public async Task AuditTrail_WhenAnAuditorReadsIt_NamesTheEmployeesAndTheClient()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_access_trail");
        var referred = await (await api.CreateClient().PostAsJsonAsync(Applications,
                Application(SyntheticRrn.Adult(30), creditScore: 600, product: "INCHEON_YOUTH_STARTUP", businessAgeMonths: 12, term: 60)))
            .ReadAsync<ApplicationView>(HttpStatusCode.Created);
        var approved = await (await api.CreateCheckerClient().PostAsJsonAsync($"{Applications}/{referred.Id}/approval", new { amount = 8_000_000 }))
            .ReadAsync<ApplicationView>(HttpStatusCode.OK);
        using var auditor = api.CreateClient(api.StaffToken("E9009", StaffRoles.Auditor));

        var trail = await (await auditor.GetAsync($"/api/guarantees/{approved.GuaranteeId}/audit-trail?page=1&pageSize=50"))
            .ReadAsync<PagedResult<AuditTrailItem>>(HttpStatusCode.OK);
        using var missing = await auditor.GetAsync($"/api/guarantees/{Guid.NewGuid()}/audit-trail");

        var created = Assert.Single(trail.Items, i => i.Action == nameof(AuditAction.Create));
        var decided = Assert.Single(trail.Items, i => i.Action == nameof(AuditAction.Change));
        Assert.Equal(GuaranteeApiFactory.Maker, created.Actor);
        Assert.Equal(GuaranteeApiFactory.Checker, decided.Actor);
        Assert.Equal("User", decided.ActorType);
        Assert.Equal("seomin-staff", decided.Client);
        Assert.Equal(trail.Items.Count, trail.TotalCount);
        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "not_found");
        Assert.True((await api.WithDbAsync(db => AuditChainVerifier.VerifyAsync(db))).IsIntact);
    }

    [Fact]
    public async Task AnyRoute_WhenTheTokenServicePublishesAccessRevoked_TheNextCallIs401()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_access_revoked");
        var employee = "E5" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var client = api.CreateClient(api.StaffToken(employee, StaffRoles.GuaranteeOfficer));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Applications)).StatusCode);
        var bus = api.Services.GetRequiredService<IBus>();

        await Probe.UntilAsync(
            async () =>
            {
                await bus.Publish(new AccessRevoked
                {
                    EventId = Guid.NewGuid(), TokenId = null, Subject = employee, ClientId = null, Reason = "sign-out",
                    RevokedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(15),
                });
                return (await client.GetAsync(Applications)).StatusCode == HttpStatusCode.Unauthorized;
            },
            "a published AccessRevoked to reach the service's instance queue and refuse the employee's token");

        using var other = await api.CreateClient().GetAsync(Applications);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
