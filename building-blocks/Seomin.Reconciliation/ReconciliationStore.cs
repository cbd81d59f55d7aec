using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Seomin.Reconciliation;

/// <summary>One stored run: its summary columns for lists and the whole result as JSON.</summary>
public sealed class ReconciliationRunRecord
{
    public Guid Id { get; set; }

    public DateOnly From { get; set; }

    public DateOnly To { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public ReconciliationStatus Status { get; set; }

    /// <summary>Real differences (not in flight).</summary>
    public int Differences { get; set; }

    public int InFlight { get; set; }

    /// <summary>Who asked: <c>schedule</c> or the operator's subject.</summary>
    public required string RequestedBy { get; set; }

    /// <summary>The <see cref="ReconciliationRun"/> as JSON.</summary>
    public required string Result { get; set; }

    /// <summary>When <c>ReconciliationDifferencesFound</c> was published (null: not yet, or nothing to tell).</summary>
    public DateTimeOffset? NotifiedAt { get; set; }
}

/// <summary>The job's own tables (schema <c>reconciliation</c>) in its host service's database.</summary>
public sealed class ReconciliationDbContext(DbContextOptions<ReconciliationDbContext> options) : DbContext(options)
{
    public const string Schema = "reconciliation";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public DbSet<ReconciliationRunRecord> Runs => Set<ReconciliationRunRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<ReconciliationRunRecord>(b =>
        {
            b.ToTable("runs");
            b.HasKey(r => r.Id);
            b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(r => r.RequestedBy).HasMaxLength(200);
            b.Property(r => r.Result).HasColumnType("jsonb");
            b.HasIndex(r => r.StartedAt);
            b.HasIndex(r => r.NotifiedAt).HasFilter("\"NotifiedAt\" IS NULL AND \"Differences\" > 0");
        });
    }
}

/// <summary>For <c>dotnet ef</c> only.</summary>
internal sealed class ReconciliationDbContextFactory : IDesignTimeDbContextFactory<ReconciliationDbContext>
{
    public ReconciliationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReconciliationDbContext>()
            .UseNpgsql("Host=localhost;Database=reconciliation", n => n.MigrationsHistoryTable("__ef_migrations_history", ReconciliationDbContext.Schema))
            .Options);
}
