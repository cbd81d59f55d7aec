namespace Seomin.Subrogation.Domain.Reports;

/// <summary>The books a report rolls forward: accidents (보증사고), recourse claims (구상채권), special claims (특수채권).</summary>
public enum PortfolioCategory
{
    Accident,
    Recourse,
    Special,
}

/// <summary>What moves a book's balance in a period.</summary>
public enum Movement
{
    /// <summary>발생 (+).</summary>
    New,

    /// <summary>회수 (−).</summary>
    Recovered,

    /// <summary>정상화 (−, accidents).</summary>
    Normalised,

    /// <summary>대위변제 (−, accidents: the accident becomes a recourse claim).</summary>
    Subrogated,

    /// <summary>상각 (−, recourse: the claim moves to special claims).</summary>
    WrittenOff,

    /// <summary>매각 (−).</summary>
    Sold,

    /// <summary>원금감면 (−).</summary>
    Reduced,

    /// <summary>소각 (−).</summary>
    Extinguished,

    /// <summary>이관 (+): a legacy book's balance entered by migration (an audited staff entry), counted like 발생.</summary>
    Migrated,
}

/// <summary>A count and an amount in won.</summary>
public readonly record struct Tally(long Count, long Won)
{
    /// <summary>Whether a movement adds to its book (발생, 이관) or takes from it (every other movement).</summary>
    public static bool Adds(Movement movement) => movement is Movement.New or Movement.Migrated;

    /// <summary>The signed effect of <paramref name="movement"/> with this tally on its book's balance.</summary>
    public Tally SignedFor(Movement movement) => Adds(movement) ? this : new(-Count, -Won);

    public static Tally operator +(Tally a, Tally b) => new(a.Count + b.Count, a.Won + b.Won);

    public static Tally operator -(Tally a, Tally b) => new(a.Count - b.Count, a.Won - b.Won);
}

/// <summary>
/// A period's roll-forward of one book: opening + new − recovered − normalised − subrogated − written off − sold −
/// reduced − extinguished = closing, in count and won.
/// </summary>
public sealed record RollForward(PortfolioCategory Category, Tally Opening, IReadOnlyDictionary<Movement, Tally> Movements)
{
    public Tally Of(Movement movement) => Movements.TryGetValue(movement, out var tally) ? tally : default;

    public Tally Closing
    {
        get
        {
            var closing = Opening;
            foreach (var movement in Enum.GetValues<Movement>())
            {
                closing += Of(movement).SignedFor(movement);
            }

            return closing;
        }
    }
}
