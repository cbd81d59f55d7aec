using Microsoft.EntityFrameworkCore;
using Seomin.Messaging;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;

namespace Seomin.Security.Tests.Support;

/// <summary>A service-like DbContext: an encrypted RRN with its blind index, and the audit trail.</summary>
internal sealed class PeopleDbContext(DbContextOptions<PeopleDbContext> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();

    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();

    public static PeopleDbContext Create(string connectionString, IFieldCipher cipher) =>
        new(new DbContextOptionsBuilder<PeopleDbContext>().UseNpgsql(connectionString).UseFieldEncryption(cipher).Options);

    public static async Task<PeopleDbContext> CreateDatabaseAsync(string connectionString, IFieldCipher cipher)
    {
        var db = Create(connectionString, cipher);
        await db.Database.EnsureCreatedAsync();
        await AuditTrailSql.InstallAsync(db);
        return db;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("people");
        modelBuilder.Entity<Person>(b =>
        {
            b.ToTable("person");
            b.HasKey(p => p.Id);
            b.Property(p => p.Name).HasColumnName("name").IsEncrypted();
            b.Property(p => p.Rrn).HasColumnName("rrn").IsEncrypted();
            b.Property(p => p.RrnIndex).HasColumnName("rrn_index").HasMaxLength(32);
            b.HasIndex(p => p.RrnIndex).IsUnique();
            b.Property(p => p.CustomerId).HasColumnName("customer_id").HasConversion(new CustomerIdConverter());
            b.Property(p => p.Phone).HasColumnName("phone");
        });
        modelBuilder.AddAuditTrail();
        modelBuilder.AddMessagingTables();
    }
}

internal sealed class Person
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public ResidentRegistrationNumber Rrn { get; set; }

    public required string RrnIndex { get; set; }

    public CustomerId CustomerId { get; set; }

    public string? Phone { get; set; }
}
