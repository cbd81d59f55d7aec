using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contributions.Api.Data;

namespace Seomin.Contributions.Api.Features.Access;

/// <summary>A caller reached for an institution's records it may not act for (403).</summary>
public sealed class InstitutionAccessDeniedException(string message) : Exception(message);

/// <summary>
/// Which institutions a caller may see: staff and internal callers every one; an institution client its own code and,
/// when its code is a federation's (시행령 제42조 제7항), the members that file through it.
/// </summary>
public sealed record InstitutionScope(IReadOnlySet<string>? Codes)
{
    public bool IsEveryone => Codes is null;

    public bool Allows(string institutionCode) => Codes is null || Codes.Contains(institutionCode);

    public static async Task<InstitutionScope> ForAsync(ClaimsPrincipal user, ContributionsDbContext db, CancellationToken cancellationToken)
    {
        if (!user.IsInstitution())
        {
            return new InstitutionScope((IReadOnlySet<string>?)null);
        }

        var own = user.GetInstitutionCode() ?? throw new InstitutionAccessDeniedException("The institution token carries no institution_code.");
        var members = await db.Institutions.Where(i => i.FederationCode == own).Select(i => i.Code).ToListAsync(cancellationToken);
        return new InstitutionScope(new HashSet<string>([own, .. members], StringComparer.Ordinal));
    }

    /// <summary>For writes: refuses (403) an institution the caller does not act for.</summary>
    public void EnsureAllows(string institutionCode)
    {
        if (!Allows(institutionCode))
        {
            throw new InstitutionAccessDeniedException($"This client does not act for institution {institutionCode}.");
        }
    }
}
