namespace Seomin.Messaging;

/// <summary>Names under which the messaging building block emits telemetry.</summary>
public static class MessagingTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: outbox backlog, relay and inbox counters.</summary>
    public const string MeterName = "Seomin.Messaging";

    /// <summary>The activity source name used by the outbox relay when it continues a stored trace.</summary>
    public const string ActivitySourceName = "Seomin.Messaging";

    /// <summary>MassTransit's activity source (<c>DiagnosticHeaders.DefaultListenerName</c>).</summary>
    public const string MassTransitSource = MassTransit.Logging.DiagnosticHeaders.DefaultListenerName;

    /// <summary>MassTransit's meter (<c>InstrumentationOptions.MeterName</c>).</summary>
    public const string MassTransitMeter = MassTransit.Monitoring.InstrumentationOptions.MeterName;
}
