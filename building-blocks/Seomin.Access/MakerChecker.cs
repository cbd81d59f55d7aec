using Seomin.ServiceDefaults.Problems;

namespace Seomin.Access;

/// <summary>
/// Maker-checker (4-eyes): the person who approves or decides must not be the person who made the request. People are
/// compared by employee number (<c>sub</c>), so two sign-ins of one employee, or one employee through two clients,
/// are still one person.
/// </summary>
public static class MakerChecker
{
    /// <summary>The <c>errorCode</c> (and rule) of the refusal: 422 Problem Details.</summary>
    public const string ErrorCode = "self_approval_forbidden";

    /// <summary>Refuses with <see cref="SelfApprovalForbiddenException"/> when <paramref name="approvedBy"/> is <paramref name="requestedBy"/>.</summary>
    public static void EnsureDifferentPerson(string? requestedBy, string approvedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approvedBy);
        if (!string.IsNullOrWhiteSpace(requestedBy) && string.Equals(requestedBy.Trim(), approvedBy.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new SelfApprovalForbiddenException();
        }
    }
}

/// <summary>The approver is the person who made the request (maker-checker).</summary>
public sealed class SelfApprovalForbiddenException()
    : BusinessRuleException(MakerChecker.ErrorCode, "The person who made the request cannot approve or decide it; another employee must.");
