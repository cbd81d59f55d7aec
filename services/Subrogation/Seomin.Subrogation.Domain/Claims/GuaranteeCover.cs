namespace Seomin.Subrogation.Domain.Claims;

/// <summary>
/// What the guarantee behind a claim covers, from the projection of Guarantee's events: the ratio, the guaranteed
/// amount (the cap of the guarantor's share) and the days it was in force (issued on, terminated on if it ended).
/// </summary>
public sealed record GuaranteeCover(
    Guid GuaranteeId,
    string CustomerId,
    string LenderCode,
    string FundCode,
    decimal GuaranteeRatio,
    long GuaranteedAmount,
    DateOnly IssuedOn,
    DateOnly? TerminatedOn)
{
    /// <summary>In force on <paramref name="day"/>: issued on or before it and not yet terminated.</summary>
    public bool InForceOn(DateOnly day) => IssuedOn <= day && (TerminatedOn is null || day < TerminatedOn);
}
