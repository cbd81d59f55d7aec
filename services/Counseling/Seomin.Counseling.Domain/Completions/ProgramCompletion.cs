using Seomin.BusinessTime;

namespace Seomin.Counseling.Domain.Completions;

public enum CompletionKind
{
    /// <summary>보증신청 전 사전상담.</summary>
    PreApplicationCounseling,

    /// <summary>금융교육.</summary>
    FinancialEducation,
}

/// <summary>
/// Completion of pre-application counseling or financial education, which earns a guarantee-fee reduction
/// while valid: from the completion date for <see cref="ValidityMonths"/> months (last day inclusive).
/// </summary>
public sealed class ProgramCompletion
{
    public const int ValidityMonths = 12;

    private ProgramCompletion()
    {
        CustomerId = string.Empty;
        RecordedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public string CustomerId { get; private set; }

    public CompletionKind Kind { get; private set; }

    public string? CourseCode { get; private set; }

    public DateOnly CompletedOn { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public DateOnly ValidUntil { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public static ProgramCompletion Record(
        Guid id,
        string customerId,
        CompletionKind kind,
        string? courseCode,
        DateOnly completedOn,
        string recordedBy,
        DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            throw new CounselingRuleException("CompletionNeedsIdentifiedCustomer", "A completion belongs to an identified customer.");
        }

        if (kind == CompletionKind.FinancialEducation && string.IsNullOrWhiteSpace(courseCode))
        {
            throw new CounselingRuleException("FinancialEducationNeedsCourse", "Financial education names the course.");
        }

        if (completedOn > BusinessClock.SeoulDate(now))
        {
            throw new CounselingRuleException("CompletionMustNotBeInTheFuture", "The completion date lies in the future.");
        }

        return new ProgramCompletion
        {
            Id = id,
            CustomerId = customerId,
            Kind = kind,
            CourseCode = string.IsNullOrWhiteSpace(courseCode) ? null : courseCode.Trim(),
            CompletedOn = completedOn,
            ValidFrom = completedOn,
            ValidUntil = completedOn.AddMonths(ValidityMonths).AddDays(-1),
            RecordedBy = recordedBy,
            RecordedAt = Instants.Normalize(now),
        };
    }
}
