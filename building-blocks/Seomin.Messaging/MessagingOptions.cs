namespace Seomin.Messaging;

/// <summary>Settings of the messaging building block, bound from the <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Runs the outbox relay in this process (default true). Every replica may run it; the database serialises them.</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>How often the relay looks for committed rows when nothing wakes it up.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Rows taken per relay transaction.</summary>
    public int RelayBatchSize { get; set; } = 200;

    /// <summary>First wait after a failed delivery; doubles on each further failure up to <see cref="RelayMaxBackoff"/>.</summary>
    public TimeSpan RelayInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RelayMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Publishes awaiting confirms at once within a batch (default 16), never two of the same aggregate: events about
    /// one aggregate (the first Guid property after EventId, e.g. a GuaranteeId) are delivered in commit order, events
    /// about different aggregates overlap (ADR 0003). 1 is strict commit order across all events, at about a tenth of
    /// the throughput. After a failure, later rows of other aggregates may already be on the broker: they are re-sent
    /// and dropped by the consumers' inboxes.
    /// </summary>
    public int RelayMaxInFlight { get; set; } = 16;

    /// <summary>Longest wait for the broker to confirm one batch before the batch counts as failed.</summary>
    public TimeSpan RelayPublishTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Delivered outbox rows are deleted after this long.</summary>
    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Inbox rows are deleted after this long; it must exceed any redelivery window.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// In-memory retry intervals before a message goes to <c>&lt;queue&gt;_error</c> (no delayed redelivery; see also
    /// <see cref="TransientRetryIntervals"/>).
    /// Empty means <see cref="DefaultRetryIntervals"/> (the configuration binder appends to arrays, so the default lives apart).
    /// </summary>
    public TimeSpan[] RetryIntervals { get; set; } = [];

    /// <summary>100 ms, 500 ms, 1 s.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetryIntervals { get; } = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];

    internal TimeSpan[] EffectiveRetryIntervals => RetryIntervals.Length > 0 ? RetryIntervals : [.. DefaultRetryIntervals];

    /// <summary>
    /// Waits before consuming again when an attempt failed because the service's own database is unreachable or timing
    /// out (<see cref="TransientFailures"/>; done inside the inbox filter, each attempt a fresh transaction): a message
    /// consumed while PostgreSQL restarts waits for it instead of going to <c>&lt;queue&gt;_error</c> for an operator.
    /// Empty means <see cref="DefaultTransientRetryIntervals"/>.
    /// </summary>
    public TimeSpan[] TransientRetryIntervals { get; set; } = [];

    /// <summary>5 s, 15 s, 30 s, 60 s, 120 s: about four minutes, longer than a database restart takes here.</summary>
    public static IReadOnlyList<TimeSpan> DefaultTransientRetryIntervals { get; } =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120)];

    internal TimeSpan[] EffectiveTransientRetryIntervals =>
        TransientRetryIntervals.Length > 0 ? TransientRetryIntervals : [.. DefaultTransientRetryIntervals];

    /// <summary>RabbitMQ management API used by the operator endpoints (error queues).</summary>
    public Uri? ManagementUri { get; set; }

    /// <summary>Management user; defaults to the user of the amqp connection string.</summary>
    public string? ManagementUserName { get; set; }

    public string? ManagementPassword { get; set; }
}
