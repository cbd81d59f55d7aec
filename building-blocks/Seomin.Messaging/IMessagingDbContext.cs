using Microsoft.EntityFrameworkCore;

namespace Seomin.Messaging;

/// <summary>The scoped service DbContext that holds the outbox and inbox tables.</summary>
internal interface IMessagingDbContext
{
    DbContext DbContext { get; }
}

internal sealed class MessagingDbContext<TDbContext>(TDbContext dbContext) : IMessagingDbContext
    where TDbContext : DbContext
{
    public DbContext DbContext { get; } = dbContext;
}
