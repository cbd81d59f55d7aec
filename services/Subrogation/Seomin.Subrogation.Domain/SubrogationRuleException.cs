namespace Seomin.Subrogation.Domain;

/// <summary>A named business rule refused the operation (mapped to 422 by the API, with the rule as its code).</summary>
public sealed class SubrogationRuleException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

/// <summary>The operation is not allowed in the current state (mapped to 409 by the API).</summary>
public sealed class IllegalStateTransitionException(string from, string action)
    : Exception($"'{action}' is not allowed when the claim is {from}.")
{
    public string From { get; } = from;

    public string Action { get; } = action;
}
