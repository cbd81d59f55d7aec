namespace Seomin.Contributions.Domain;

/// <summary>A named contributions rule refused the operation (422 with <see cref="Rule"/> as its stable code).</summary>
public sealed class ContributionRuleException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}
