namespace Seomin.Guarantee.Domain.Products;

/// <summary>Chooses the version of a product in force on a date and checks that a new version only adds history.</summary>
public static class ProductCatalogue
{
    public static ProductVersion? InForce(IEnumerable<ProductVersion> versions, DateOnly on) =>
        versions.Where(v => v.EffectiveFrom <= on)
            .OrderByDescending(v => v.EffectiveFrom)
            .ThenByDescending(v => v.Version)
            .FirstOrDefault();

    /// <summary>Next version: must start after every existing version, so history is never rewritten.</summary>
    public static ProductVersion NextVersion(IReadOnlyCollection<ProductVersion> existing, ProductVersion proposed)
    {
        if (existing.Count > 0 && existing.Max(v => v.EffectiveFrom) >= proposed.EffectiveFrom)
        {
            throw new GuaranteeRuleException(
                "NewProductVersionMustStartAfterExistingVersions",
                "A new product version must take effect after the latest existing version; history is never edited.");
        }

        var next = proposed with { Version = existing.Count == 0 ? 1 : existing.Max(v => v.Version) + 1 };
        next.Validate();
        return next;
    }
}
