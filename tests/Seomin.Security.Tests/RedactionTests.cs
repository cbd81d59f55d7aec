using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Seomin.Security.Tests.Support;
using Seomin.PersonalData;

namespace Seomin.Security.Tests;

public sealed partial class RedactionTests
{
    [Fact]
    public void Redact_WhenTextHoldsNumbers_ReplacesEachAndKeepsTheRest()
    {
        var a = TestRrn.Korean();
        var b = TestRrn.Korean().Replace("-", string.Empty, StringComparison.Ordinal);

        var redacted = RrnPattern.Redact($"first {a}, second {b}; account 1002345678901234");

        Assert.Equal($"first {RrnPattern.Mask}, second {RrnPattern.Mask}; account 1002345678901234", redacted);
    }

    [Fact]
    public void Scan_WhenNumberHidden_ReportsSourceWithoutDigits()
    {
        var rrn = TestRrn.Korean();

        var findings = RrnLeakScanner.Scan("outbox#7", "{\"payload\":\"" + rrn + "\"}");

        var finding = Assert.Single(findings);
        Assert.Equal("outbox#7", finding.Source);
        Assert.DoesNotContain(rrn[7..], finding.MaskedExcerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_WhenDateInvalidOrLongerDigitRun_FindsNothing()
    {
        Assert.Empty(RrnLeakScanner.Scan("x", "order 9913" + "32-1234567 and 12" + "3456789012345"));
    }

    [Fact]
    public void Log_WhenStateMessageScopeAndExceptionHoldNumber_ProviderSeesNone()
    {
        var capture = new CapturingLoggerProvider();
        using var factory = new RedactingLoggerFactory(LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace)));
        var logger = factory.CreateLogger("test");
        var rrn = TestRrn.Korean();

        using (logger.BeginScope("scope {Value}", rrn))
        {
            LogValue(logger, rrn, new FormatException("cannot parse " + rrn, new ArgumentException("inner " + rrn)));
        }

        var line = Assert.Single(capture.Records);
        Assert.False(RrnPattern.ContainsRrn(line), RrnPattern.Redact(line));
        Assert.Contains(RrnPattern.Mask, line, StringComparison.Ordinal);
        Assert.Contains("FormatException", line, StringComparison.Ordinal);
    }

    [Fact]
    public void OnEnd_WhenSpanTagsHoldNumber_ProcessorRedactsThem()
    {
        var rrn = TestRrn.Korean();
        using var activity = new Activity("lookup " + rrn).SetTag("query", "rrn=" + rrn).SetTag("count", 3);
        activity.SetStatus(ActivityStatusCode.Error, "failed for " + rrn);

        new RrnRedactingActivityProcessor().OnEnd(activity);

        Assert.False(RrnPattern.ContainsRrn(activity.DisplayName));
        Assert.Equal("rrn=" + RrnPattern.Mask, activity.GetTagItem("query"));
        Assert.Equal(3, activity.GetTagItem("count"));
        Assert.False(RrnPattern.ContainsRrn(activity.StatusDescription));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Value {Value}")]
    private static partial void LogValue(ILogger logger, string value, Exception exception);
}
