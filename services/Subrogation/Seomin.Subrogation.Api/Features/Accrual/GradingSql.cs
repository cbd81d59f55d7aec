using System.Text;
using Seomin.Subrogation.Domain.Grading;

namespace Seomin.Subrogation.Api.Features.Accrual;

/// <summary>
/// The grading rules (<see cref="RecourseGrading.Rules"/>) as SQL predicates over <c>recourse_claims</c>, for the
/// nightly job's set-based regrade. Every rule must have its predicate here, and the CASE is built in the rules' own
/// order, so the first rule that applies decides as in C#; a test compares both over a grid of facts.
/// <c>@day</c> is the grading day; date − date is a day count in PostgreSQL.
/// </summary>
public static class GradingSql
{
    private const string RecoveredWithin = """(r."LastRecoveryOn" IS NOT NULL AND @day - r."LastRecoveryOn" <= {0})""";

    public static IReadOnlyDictionary<string, string> Predicates { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["LimitationWithinOneYear"] = """r."LimitationExpiresOn" - @day <= 365""",
        // The plan document stores its status as a number: 0 is InstalmentPlanStatus.Current.
        ["InstalmentPlanKept"] = """r."Status" = 'Instalment' AND (r.instalment_plan ->> 'status') = '0'""",
        ["RecoveredWithin90DaysWithAssets"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, RecoveredWithin, 90) + """ AND r."HasKnownAssets" """,
        ["RecoveredWithin180Days"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, RecoveredWithin, 180),
        ["CollectionStayed"] = """r."Status" = 'CollectionStayed'""",
        ["KnownAssetsNoRecentRecovery"] = """r."HasKnownAssets" """,
        ["YoungerThanThreeYears"] = """@day - r."OpenedOn" < 1095""",
        ["NoRecoveryForAYear"] = "NOT " + string.Format(System.Globalization.CultureInfo.InvariantCulture, RecoveredWithin, 365),
        ["Otherwise"] = "TRUE",
    };

    /// <summary>CASE expressions giving the grade letter and the rule name.</summary>
    public static (string Grade, string Rule) CaseExpressions()
    {
        var grade = new StringBuilder("CASE");
        var rule = new StringBuilder("CASE");
        foreach (var r in RecourseGrading.Rules)
        {
            var predicate = Predicates.TryGetValue(r.Name, out var sql)
                ? sql
                : throw new InvalidOperationException($"Grading rule {r.Name} has no SQL predicate (GradingSql).");
            grade.Append(System.Globalization.CultureInfo.InvariantCulture, $" WHEN {predicate} THEN '{r.Grade}'");
            rule.Append(System.Globalization.CultureInfo.InvariantCulture, $" WHEN {predicate} THEN '{r.Name}'");
        }

        return (grade.Append(" END").ToString(), rule.Append(" END").ToString());
    }
}
