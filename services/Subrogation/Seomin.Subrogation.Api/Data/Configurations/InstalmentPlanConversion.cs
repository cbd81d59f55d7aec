using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Seomin.Subrogation.Domain.Relief;

namespace Seomin.Subrogation.Api.Data.Configurations;

/// <summary>
/// An instalment plan is stored with its recourse claim as one jsonb document (it is always read and written whole,
/// with the claim), compared by content so a payment applied to an instalment is saved.
/// </summary>
internal static class InstalmentPlanConversion
{
    private sealed record PlanDocument(
        Guid Id, long Total, bool LateChargeWaived, int MissedInstalments, int DaysPastDue, string RuleSource,
        InstalmentPlanStatus Status, List<Instalment> Instalments);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly ValueConverter<InstalmentPlan?, string?> Converter = new(
        plan => Serialize(plan),
        json => Deserialize(json));

    public static readonly ValueComparer<InstalmentPlan?> Comparer = new(
        (a, b) => Serialize(a) == Serialize(b),
        plan => (Serialize(plan) ?? "").GetHashCode(StringComparison.Ordinal),
        plan => Deserialize(Serialize(plan)));

    private static string? Serialize(InstalmentPlan? plan) => plan is null
        ? null
        : JsonSerializer.Serialize(
            new PlanDocument(plan.Id, plan.Total, plan.LateChargeWaived, plan.DefaultRule.MissedInstalments, plan.DefaultRule.DaysPastDue,
                plan.DefaultRule.Source, plan.Status, [.. plan.Instalments]),
            Json);

    private static InstalmentPlan? Deserialize(string? json)
    {
        if (json is null)
        {
            return null;
        }

        var d = JsonSerializer.Deserialize<PlanDocument>(json, Json)!;
        return InstalmentPlan.Restore(d.Id, d.Total, d.LateChargeWaived, new InstalmentDefaultRule(d.MissedInstalments, d.DaysPastDue, d.RuleSource), d.Status, d.Instalments);
    }
}
