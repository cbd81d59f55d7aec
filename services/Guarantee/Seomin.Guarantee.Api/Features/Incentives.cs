using Microsoft.EntityFrameworkCore;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Products;

namespace Seomin.Guarantee.Api.Features;

public static class Incentives
{
    /// <summary>The incentives valid on <paramref name="on"/> for the customer, from the counseling projection.</summary>
    public static async Task<FeeIncentives> ForAsync(GuaranteeDbContext db, string customerId, DateOnly on, bool protectedGroup, CancellationToken ct)
    {
        var kinds = await db.CustomerIncentives.AsNoTracking()
            .Where(i => i.CustomerId == customerId && i.ValidFrom <= on && i.ValidUntil >= on)
            .Select(i => i.Kind)
            .Distinct()
            .ToListAsync(ct);
        return new FeeIncentives(
            kinds.Contains(IncentiveKind.PreApplicationCounseling),
            kinds.Contains(IncentiveKind.FinancialEducation),
            protectedGroup);
    }
}
