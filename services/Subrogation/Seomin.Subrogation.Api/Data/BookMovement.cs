using Seomin.Subrogation.Domain.Reports;

namespace Seomin.Subrogation.Api.Data;

/// <summary>
/// One movement of a book (accidents, 구상채권, 특수채권), appended by the operation that caused it; reports sum them in
/// SQL. <see cref="SourceId"/> (an event or an operation id) is unique per book and movement, so nothing is counted
/// twice when a message or a request is repeated.
/// </summary>
public sealed class BookMovement
{
    public Guid Id { get; set; }

    public PortfolioCategory Category { get; set; }

    public Movement Movement { get; set; }

    public string FundCode { get; set; } = "";

    public DateOnly On { get; set; }

    public int Count { get; set; }

    public long Won { get; set; }

    public Guid SourceId { get; set; }

    /// <summary>The guarantee or recourse claim it concerns, when there is one.</summary>
    public Guid? SubjectId { get; set; }

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>One movement of <paramref name="count"/> claims and <paramref name="won"/> won, recorded now.</summary>
    public static BookMovement Of(
        PortfolioCategory category, Movement movement, string fundCode, DateOnly on, int count, long won, Guid sourceId, Guid? subjectId, string recordedBy, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(), Category = category, Movement = movement, FundCode = fundCode, On = on, Count = count, Won = won,
            SourceId = sourceId, SubjectId = subjectId, RecordedBy = recordedBy, RecordedAt = now,
        };
}
