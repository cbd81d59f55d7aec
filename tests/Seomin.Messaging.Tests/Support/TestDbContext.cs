using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts;
using Seomin.Messaging;

namespace Seomin.Messaging.Tests.Support;

[MessageName(Name)]
public sealed record OrderPlaced
{
    public const string Name = "test.order-placed";

    public required Guid EventId { get; init; }

    /// <summary>The aggregate the relay orders by (the first Guid after EventId): several orders of one customer.</summary>
    public Guid CustomerId { get; init; }

    public required Guid OrderId { get; init; }

    public required long Number { get; init; }
}

public sealed class Order
{
    public Guid Id { get; set; }

    public long Number { get; set; }
}

/// <summary>The consumer's effect; its identity column records the order in which effects committed.</summary>
public sealed class Receipt
{
    public long Id { get; set; }

    public Guid OrderId { get; set; }

    public long Number { get; set; }

    public Guid MessageId { get; set; }

    public Guid EventId { get; set; }
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Receipt> Receipts => Set<Receipt>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    public DbSet<MessagingAuditEntry> Audit => Set<MessagingAuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(b =>
        {
            b.ToTable("orders");
            b.HasKey(o => o.Id);
            b.HasIndex(o => o.Number).IsUnique();
        });
        modelBuilder.Entity<Receipt>(b =>
        {
            b.ToTable("receipts");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).UseIdentityAlwaysColumn();
            b.HasIndex(r => r.OrderId).IsUnique();
        });
        modelBuilder.AddMessagingTables();
    }
}

/// <summary>What the test consumer should do, and what it saw.</summary>
public sealed class ConsumerBehavior
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> _attempts = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, bool> _poison = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, bool> _failOnceAfterWork = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> _transientFailures = new();

    public void Poison(long number) => _poison[number] = true;

    public void Cure(long number) => _poison.TryRemove(number, out _);

    public void FailOnceAfterWork(long number) => _failOnceAfterWork[number] = true;

    /// <summary>The next <paramref name="attempts"/> attempts fail as if the service's database were unreachable.</summary>
    public void FailTransiently(long number, int attempts) => _transientFailures[number] = attempts;

    public int Attempts(long number) => _attempts.TryGetValue(number, out var n) ? n : 0;

    internal int Attempted(long number) => _attempts.AddOrUpdate(number, 1, (_, n) => n + 1);

    internal bool IsPoison(long number) => _poison.ContainsKey(number);

    internal bool TakeFailOnce(long number) => _failOnceAfterWork.TryRemove(number, out _);

    internal bool TakeTransientFailure(long number) =>
        _transientFailures.TryGetValue(number, out var left) && left > 0 && _transientFailures.TryUpdate(number, left - 1, left);
}

public sealed class OrderPlacedConsumer(TestDbContext db, ConsumerBehavior behavior) : IConsumer<OrderPlaced>
{
    public async Task Consume(ConsumeContext<OrderPlaced> context)
    {
        var message = context.Message;
        behavior.Attempted(message.Number);
        if (behavior.IsPoison(message.Number))
        {
            throw new InvalidOperationException($"Order {message.Number} is poison.");
        }

        if (behavior.TakeTransientFailure(message.Number))
        {
            throw new Npgsql.NpgsqlException("The database is restarting.", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        }

        // Business-key guard: a logical duplicate with a new message id changes nothing.
        if (await db.Receipts.AnyAsync(r => r.OrderId == message.OrderId, context.CancellationToken))
        {
            return;
        }

        db.Receipts.Add(new Receipt { OrderId = message.OrderId, Number = message.Number, MessageId = context.MessageId!.Value, EventId = message.EventId });
        if (behavior.TakeFailOnce(message.Number))
        {
            throw new InvalidOperationException($"Order {message.Number} failed before commit.");
        }
    }
}

/// <summary>One message at a time, so the order of receipts is the order of delivery.</summary>
public sealed class OrderPlacedConsumerDefinition : ConsumerDefinition<OrderPlacedConsumer>
{
    public OrderPlacedConsumerDefinition() => ConcurrentMessageLimit = 1;
}
