namespace Seomin.Counseling.Domain;

/// <summary>A named business rule of the counseling domain was violated; the API maps it to 422.</summary>
public sealed class CounselingRuleException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}
