using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Seomin.ServiceDefaults.Telemetry;

/// <summary>
/// Drops client spans that start a trace of their own: the outbox relay's and the jobs' polling queries, a few per
/// second per service, which would bury every request in the dashboard. A client span inside a request, a consumed
/// message or a job that opened its own span is kept, as is every server, consumer and internal root span.
/// </summary>
public sealed class BackgroundClientSpanSampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Kind == ActivityKind.Client ? Drop : Keep;
}
