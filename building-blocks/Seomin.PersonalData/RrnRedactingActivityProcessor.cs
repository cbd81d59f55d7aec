using System.Diagnostics;
using OpenTelemetry;

namespace Seomin.PersonalData;

/// <summary>
/// A trace processor that replaces RRN-shaped substrings in span names, string tags and event tags
/// before export. Add it to the tracer provider before the exporter.
/// </summary>
public sealed class RrnRedactingActivityProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Redact(data);
    }

    /// <summary>Redacts one activity in place.</summary>
    public static void Redact(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (RrnPattern.ContainsRrn(activity.DisplayName))
        {
            activity.DisplayName = RrnPattern.Redact(activity.DisplayName);
        }

        foreach (var tag in activity.TagObjects.ToList())
        {
            if (tag.Value is string text && RrnPattern.ContainsRrn(text))
            {
                activity.SetTag(tag.Key, RrnPattern.Redact(text));
            }
        }

        if (activity.StatusDescription is { } status && RrnPattern.ContainsRrn(status))
        {
            activity.SetStatus(activity.Status, RrnPattern.Redact(status));
        }
    }
}
