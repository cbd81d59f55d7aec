namespace Seomin.DormantAssets.Domain;

/// <summary>A named business rule refused the operation (mapped to 422 by the API, with the rule as its code).</summary>
public sealed class DormantRuleException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

/// <summary>The claimant is not the asset's owner (mapped to 403 by the API, with the rule as its code).</summary>
public sealed class NotTheOwnerException() : Exception("The asset does not belong to the verified person.")
{
    public const string Rule = "AssetMustBelongToClaimant";
}

/// <summary>The operation is not allowed in the current state (mapped to 409 by the API).</summary>
public sealed class IllegalStateTransitionException(string from, string action)
    : Exception($"'{action}' is not allowed when the claim is {from}.");
