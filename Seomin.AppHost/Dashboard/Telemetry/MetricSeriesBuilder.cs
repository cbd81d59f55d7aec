using System.Globalization;

namespace Seomin.AppHost.Dashboard.Telemetry;

/// <summary>
/// Turns raw points into chart points on a fixed step: gauges and up-down sums as the summed latest level,
/// monotonic sums as a per-second rate, histograms as request rate, error rate (HTTP status ≥ 500 or an
/// <c>error.type</c> attribute) and p50/p90/p99 interpolated within the explicit buckets. Cumulative points are
/// differenced per series (instance + attributes); a drop in a cumulative value is a restart and counts from zero.
/// </summary>
public static class MetricSeriesBuilder
{
    private sealed record Delta(DateTimeOffset Bucket, double Count, double Errors, IReadOnlyList<double> Bounds, double[] Buckets);

    public static MetricSeries Build(string resource, string meter, string name, IReadOnlyList<MetricPointData> points, int stepSeconds)
    {
        ArgumentNullException.ThrowIfNull(points);
        var step = Math.Clamp(stepSeconds, 1, 3_600);
        if (points.Count == 0)
        {
            return new MetricSeries(resource, meter, name, null, "unknown", step, []);
        }

        var last = points[^1];
        var series = last.Kind switch
        {
            "histogram" => Histogram(points, step),
            "sum" when last.IsMonotonic => Rate(points, step),
            _ => Level(points, step),
        };
        return new MetricSeries(resource, last.Meter, name, last.Unit, last.Kind, step, series);
    }

    private static DateTimeOffset BucketOf(DateTimeOffset time, int step)
    {
        var seconds = time.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(seconds - (seconds % step));
    }

    private static string SeriesKey(MetricPointData p) =>
        p.InstanceId + "|" + string.Join(";", p.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value));

    private static List<MetricSeriesPoint> Level(IReadOnlyList<MetricPointData> points, int step)
    {
        return points.Where(p => p.Value is not null)
            .GroupBy(p => BucketOf(p.Time, step))
            .OrderBy(g => g.Key)
            .Select(g => new MetricSeriesPoint(g.Key, g.GroupBy(SeriesKey).Sum(s => s.Last().Value ?? 0), null, null, null, null, null))
            .ToList();
    }

    private static List<MetricSeriesPoint> Rate(IReadOnlyList<MetricPointData> points, int step)
    {
        var deltas = new List<(DateTimeOffset Bucket, double Delta)>();
        foreach (var series in points.Where(p => p.Value is not null).GroupBy(SeriesKey))
        {
            double? previous = null;
            foreach (var p in series)
            {
                var value = p.Value ?? 0;
                var delta = p.IsDelta ? value : previous is null ? 0 : value >= previous ? value - previous.Value : value;
                previous = value;
                deltas.Add((BucketOf(p.Time, step), delta));
            }
        }

        return deltas.GroupBy(d => d.Bucket).OrderBy(g => g.Key)
            .Select(g => new MetricSeriesPoint(g.Key, null, g.Sum(d => d.Delta) / step, null, null, null, null))
            .ToList();
    }

    private static List<MetricSeriesPoint> Histogram(IReadOnlyList<MetricPointData> points, int step)
    {
        var deltas = new List<Delta>();
        foreach (var series in points.GroupBy(SeriesKey))
        {
            MetricPointData? previous = null;
            foreach (var p in series)
            {
                var isError = IsError(p.Attributes);
                double count;
                double[] buckets;
                if (p.IsDelta)
                {
                    count = p.Count;
                    buckets = p.BucketCounts.Select(c => (double)c).ToArray();
                }
                else if (previous is null)
                {
                    // The first cumulative point only sets the baseline.
                    previous = p;
                    continue;
                }
                else if (p.Count < previous.Count || p.BucketCounts.Count != previous.BucketCounts.Count)
                {
                    count = p.Count;
                    buckets = p.BucketCounts.Select(c => (double)c).ToArray();
                }
                else
                {
                    count = p.Count - previous.Count;
                    buckets = p.BucketCounts.Select((c, i) => (double)(c - previous.BucketCounts[i])).ToArray();
                }

                previous = p;
                deltas.Add(new Delta(BucketOf(p.Time, step), count, isError ? count : 0, p.Bounds, buckets));
            }
        }

        return deltas.GroupBy(d => d.Bucket).OrderBy(g => g.Key).Select(g =>
        {
            var count = g.Sum(d => d.Count);
            var withBuckets = g.Where(d => d.Buckets.Length > 0 && d.Buckets.Length == d.Bounds.Count + 1).ToList();
            double? p50 = null, p90 = null, p99 = null;
            if (withBuckets.Count > 0)
            {
                var bounds = withBuckets[0].Bounds;
                var merged = new double[bounds.Count + 1];
                foreach (var d in withBuckets.Where(d => d.Bounds.SequenceEqual(bounds)))
                {
                    for (var i = 0; i < merged.Length; i++)
                    {
                        merged[i] += d.Buckets[i];
                    }
                }

                p50 = Percentile(bounds, merged, 0.50);
                p90 = Percentile(bounds, merged, 0.90);
                p99 = Percentile(bounds, merged, 0.99);
            }

            return new MetricSeriesPoint(g.Key, null, count / step, g.Sum(d => d.Errors) / step, Finite(p50), Finite(p90), Finite(p99));
        }).ToList();
    }

    /// <summary>Linear interpolation inside the bucket holding the quantile; the overflow bucket reports its lower bound.</summary>
    internal static double? Percentile(IReadOnlyList<double> bounds, double[] buckets, double quantile)
    {
        var total = buckets.Sum();
        if (total <= 0)
        {
            return null;
        }

        var rank = quantile * total;
        double cumulative = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (buckets[i] <= 0)
            {
                continue;
            }

            if (cumulative + buckets[i] >= rank)
            {
                var lower = i == 0 ? 0 : bounds[i - 1];
                if (i >= bounds.Count)
                {
                    return lower;
                }

                var upper = bounds[i];
                var within = (rank - cumulative) / buckets[i];
                return lower + ((upper - lower) * within);
            }

            cumulative += buckets[i];
        }

        return bounds.Count > 0 ? bounds[^1] : null;
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static bool IsError(IReadOnlyList<TelemetryAttribute> attributes)
    {
        foreach (var a in attributes)
        {
            if (a.Key == "error.type" && a.Value.Length > 0)
            {
                return true;
            }

            if ((a.Key == "http.response.status_code" || a.Key == "http.status_code")
                && int.TryParse(a.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var status) && status >= 500)
            {
                return true;
            }
        }

        return false;
    }
}
