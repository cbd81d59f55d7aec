namespace Seomin.AppHost.Dashboard;

/// <summary>Settings of the operator dashboard, bound from the <c>Dashboard</c> configuration section.</summary>
public sealed class DashboardOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Dashboard";

    /// <summary>Default URL of the UI and its JSON APIs (Aspire's dashboard port).</summary>
    public const string DefaultUrl = "http://127.0.0.1:18888";

    /// <summary>Default URL of the OTLP/HTTP receiver.</summary>
    public const string DefaultOtlpUrl = "http://127.0.0.1:18890";

    /// <summary>URL of the UI. When its host is not a loopback address, a browser token is required.</summary>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>URL of the OTLP/HTTP receiver. When its port differs from <see cref="Url"/>'s, OTLP is accepted only there.</summary>
    public string OtlpUrl { get; set; } = DefaultOtlpUrl;

    /// <summary>Spans kept in memory; the oldest are dropped first.</summary>
    public int MaxSpans { get; set; } = 20_000;

    /// <summary>Structured log records kept in memory; the oldest are dropped first.</summary>
    public int MaxLogs { get; set; } = 20_000;

    /// <summary>Metric data points kept in memory; the oldest are dropped first.</summary>
    public int MaxMetricPoints { get; set; } = 100_000;

    /// <summary>Largest accepted OTLP request body, after gzip decompression (413 above it).</summary>
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Browser token for non-loopback access; generated at start when empty.</summary>
    public string? BrowserToken { get; set; }

    /// <summary>Audit records of operator actions kept in memory (they are also logged).</summary>
    public int MaxAuditRecords { get; set; } = 1_000;

    /// <summary>RabbitMQ management API used by the Messaging page when the AppHost does not provide one.</summary>
    public DashboardRabbitMqOptions RabbitMq { get; set; } = new();
}

/// <summary>Where the RabbitMQ management API and the AMQP endpoint are.</summary>
public sealed class DashboardRabbitMqOptions
{
    /// <summary>Management API base, e.g. <c>http://127.0.0.1:15672/</c>.</summary>
    public string? ManagementUrl { get; set; }

    /// <summary>Management (and AMQP) user.</summary>
    public string? UserName { get; set; }

    /// <summary>Management (and AMQP) password.</summary>
    public string? Password { get; set; }

    /// <summary>AMQP URI (<c>amqp://user:pass@host:port/vhost</c>) used to replay messages with confirms.</summary>
    public string? AmqpUri { get; set; }
}
