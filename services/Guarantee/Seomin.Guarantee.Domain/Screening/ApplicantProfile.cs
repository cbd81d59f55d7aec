namespace Seomin.Guarantee.Domain.Screening;

/// <summary>
/// 햇살론유스's status test (who the product is for): 대학생·대학원생, 미취업 청년, 사회초년생 (employed one year
/// or less). See docs/adr/0021 "Product data corrected".
/// </summary>
public enum YouthStatus
{
    /// <summary>대학생·대학원생.</summary>
    UniversityStudent,

    /// <summary>미취업 청년 (not yet employed).</summary>
    JobSeeker,

    /// <summary>사회초년생: employed for one year or less.</summary>
    EarlyCareerWorker,

    /// <summary>None of the above (e.g. employed longer); given so the test can be evaluated and fail.</summary>
    Other,
}

/// <summary>What screening knows about the applicant (evidence already verified at intake).</summary>
public sealed record ApplicantProfile
{
    public required DateOnly BirthDate { get; init; }

    public required int EmploymentMonths { get; init; }

    public required long AnnualIncome { get; init; }

    /// <summary>Credit score on the 1–1000 scale of the personal credit bureaus.</summary>
    public required int CreditScore { get; init; }

    /// <summary>Share of the population at or below the applicant's score, 0–100 ("bottom 20%" is ≤ 20).</summary>
    public required decimal CreditPercentile { get; init; }

    public int? BusinessAgeMonths { get; init; }

    public bool ProtectedGroup { get; init; }

    /// <summary>
    /// Days worked with income in each of the last three months (oldest first), for 근로자햇살론's "≥ 10 days a month in
    /// the last 3 months"; null when not given (the rule cannot be evaluated and the application is referred).
    /// </summary>
    public int[]? WorkingDaysLastThreeMonths { get; init; }

    /// <summary>햇살론유스's status; null when not given (referred, not approved).</summary>
    public YouthStatus? YouthStatus { get; init; }

    public int AgeOn(DateOnly date)
    {
        var age = date.Year - BirthDate.Year;
        if (date < BirthDate.AddYears(age))
        {
            age--;
        }

        return age;
    }

    /// <summary>
    /// Credit grade 1 (best) to 10 from the score, using the bureaus' published score-to-grade
    /// conversion table used since the 2021 move from grades to scores.
    /// </summary>
    public int CreditGrade => CreditScore switch
    {
        >= 942 => 1,
        >= 891 => 2,
        >= 832 => 3,
        >= 768 => 4,
        >= 698 => 5,
        >= 630 => 6,
        >= 530 => 7,
        >= 454 => 8,
        >= 335 => 9,
        _ => 10,
    };
}
