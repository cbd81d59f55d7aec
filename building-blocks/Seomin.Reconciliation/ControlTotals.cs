namespace Seomin.Reconciliation;

/// <summary>
/// What a service reports about its own books for a period (Seoul dates, inclusive): one row per measure and fund,
/// with the business keys behind it when asked, and what its outbox published and its inbox consumed.
/// </summary>
public sealed record ControlTotalsReport(
    string Service,
    DateOnly From,
    DateOnly To,
    DateTimeOffset MeasuredAt,
    IReadOnlyList<ControlMeasure> Measures,
    MessageFlow Messages);

/// <summary>
/// One control total: e.g. <c>fees-paid</c> for fund <c>KINFA-SUPPLEMENTARY</c>, count and won, and (on request)
/// the keys that make it up. <see cref="FundCode"/> is null for measures that are not per fund.
/// </summary>
public sealed record ControlMeasure(string Measure, string? FundCode, long Count, long Won, IReadOnlyList<ControlKey>? Keys);

/// <summary>A business key (a ledger entry id, a claim id) with its amount and when it happened.</summary>
public sealed record ControlKey(string Key, long Won, DateTimeOffset At);

/// <summary>The service's side of the message flow over the period.</summary>
public sealed record MessageFlow(IReadOnlyList<PublishedMessages> Published, IReadOnlyList<ConsumedMessages> Consumed);

/// <summary>Events of one type written to the outbox: confirmed by the broker, and still waiting (in flight).</summary>
public sealed record PublishedMessages(string MessageType, long Delivered, long Pending, DateTimeOffset? OldestPendingAt);

/// <summary>Messages one consumer endpoint processed (its inbox rows).</summary>
public sealed record ConsumedMessages(string ConsumerEndpoint, long Count);

/// <summary>A period of Seoul calendar days, both ends included.</summary>
public readonly record struct ControlPeriod(DateOnly From, DateOnly To)
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    /// <summary>The first instant of <see cref="From"/> in Seoul.</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), Seoul);

    /// <summary>The first instant after <see cref="To"/> in Seoul (exclusive end).</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), Seoul);
}

/// <summary>
/// Implemented by each service over its own database: the control totals it is willing to be reconciled on. Measure
/// names are the service's public vocabulary (see the rules in <see cref="ReconciliationRules"/>).
/// </summary>
public interface IControlTotalsSource
{
    Task<IReadOnlyList<ControlMeasure>> MeasureAsync(ControlPeriod period, bool includeKeys, CancellationToken cancellationToken);
}
