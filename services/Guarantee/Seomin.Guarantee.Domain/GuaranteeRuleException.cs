namespace Seomin.Guarantee.Domain;

/// <summary>A named business rule refused the operation (mapped to 422 by the API).</summary>
public sealed class GuaranteeRuleException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

/// <summary>The operation is not allowed in the aggregate's current state (mapped to 409 by the API).</summary>
public sealed class IllegalStateTransitionException(string from, string action)
    : Exception($"'{action}' is not allowed when the guarantee is {from}.")
{
    public string From { get; } = from;

    public string Action { get; } = action;
}
