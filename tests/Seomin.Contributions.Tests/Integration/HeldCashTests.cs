using System.Net;
using Microsoft.EntityFrameworkCore;
using Seomin.Contributions.Domain.Ledger;

namespace Seomin.Contributions.Tests.Integration;

public sealed partial class ContributionsApiTests
{
    [Fact]
    public async Task Cash_received_before_its_assessment_is_held_then_applied_to_it_and_moved_into_the_fund()
    {
        var officer = App.Officer("S5008");
        // Paid before anything is assessed: nothing open, so all 25,000 is held for institution 115.
        var early = await officer.PostJsonAsync("/api/contributions/payments", new { bankReference = "H-115-1", amount = 25_000, receivedOn = "2022-11-15", institutionCode = "115" })
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(25_000, early.Long("unapplied"));
        var held = await App.QueryAsync(db => db.UnappliedCash.SingleAsync(u => u.PaymentId == early.GetProperty("id").GetGuid()));

        await officer.PostJsonAsync(Filings, Filing("115", "2022-10", 2_400_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Filings, Filing("116", "2022-10", 1_200_000_000, 0)).JsonAsync(HttpStatusCode.Created);
        await officer.PostJsonAsync(Runs, new { month = "2022-10" }).JsonAsync(HttpStatusCode.OK);
        var assessment = await AssessedAsync("115", "2022-10"); // 2.4e9 × 0.03% ÷ 12 = 60,000, due 2022-11-30

        var wrong = await officer.PostJsonAsync($"/api/contributions/unapplied-cash/{held.Id}/application", new { assessmentId = (await AssessedAsync("116", "2022-10")).Id, on = "2022-11-20" })
            .JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("HeldCashBelongsToItsInstitution", wrong.Str("errorCode"));
        var applied = await officer.PostJsonAsync($"/api/contributions/unapplied-cash/{held.Id}/application", new { assessmentId = assessment.Id, on = "2022-11-20" })
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal((25_000L, 0L), (applied.Long("applied"), applied.GetProperty("cash").Long("remaining")));
        var after = await AssessedAsync("115", "2022-10");
        Assert.Equal((25_000L, 35_000L), (after.E.Long("principalPaid"), after.E.Long("outstanding")));
        await officer.PostJsonAsync($"/api/contributions/unapplied-cash/{held.Id}/application", new { assessmentId = assessment.Id }).JsonAsync(HttpStatusCode.Conflict);

        // Received: debit assets / credit unapplied cash; applied: debit unapplied cash / credit the fund.
        var entries = await App.QueryAsync(db => db.Entries.Include(e => e.Lines)
            .Where(e => e.SourceId == early.Str("id") || (e.Kind == PostingKind.UnappliedCashApplied && e.Amount == 25_000)).ToListAsync());
        Assert.Contains(entries, e => e.Kind == PostingKind.UnappliedCashReceived && e.Lines.Any(l => l.Account == LedgerAccount.UnappliedCash && l.Credit == 25_000));
        Assert.Contains(entries, e => e.Kind == PostingKind.UnappliedCashApplied && e.Lines.Any(l => l.Account == LedgerAccount.FundCapital && l.Credit == 25_000));
    }
}
