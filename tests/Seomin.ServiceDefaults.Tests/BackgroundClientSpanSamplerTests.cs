using System.Diagnostics;
using OpenTelemetry.Trace;
using Seomin.ServiceDefaults.Telemetry;

namespace Seomin.ServiceDefaults.Tests;

public class BackgroundClientSpanSamplerTests
{
    private readonly Sampler _sampler = new ParentBasedSampler(new BackgroundClientSpanSampler());

    [Fact]
    public void ShouldSample_WhenClientSpanStartsItsOwnTrace_DropsIt()
    {
        var decision = Decide(parent: default, ActivityKind.Client);

        Assert.Equal(SamplingDecision.Drop, decision);
    }

    [Theory]
    [InlineData(ActivityKind.Server)]
    [InlineData(ActivityKind.Consumer)]
    [InlineData(ActivityKind.Internal)]
    [InlineData(ActivityKind.Producer)]
    public void ShouldSample_WhenOtherRootSpan_KeepsIt(ActivityKind kind)
    {
        var decision = Decide(parent: default, kind);

        Assert.Equal(SamplingDecision.RecordAndSample, decision);
    }

    [Fact]
    public void ShouldSample_WhenClientSpanIsInsideASampledTrace_KeepsIt()
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        var decision = Decide(parent, ActivityKind.Client);

        Assert.Equal(SamplingDecision.RecordAndSample, decision);
    }

    private SamplingDecision Decide(ActivityContext parent, ActivityKind kind)
    {
        var traceId = parent.TraceId == default ? ActivityTraceId.CreateRandom() : parent.TraceId;
        return _sampler.ShouldSample(new SamplingParameters(parent, traceId, "SELECT outbox", kind)).Decision;
    }
}
