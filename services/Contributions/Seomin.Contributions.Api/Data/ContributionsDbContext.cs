using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Contributions;
using Seomin.Contributions.Domain.Institutions;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;

namespace Seomin.Contributions.Api.Data;

public sealed class ContributionsDbContext(DbContextOptions<ContributionsDbContext> options) : DbContext(options)
{
    public const string Schema = "contributions";

    public DbSet<Institution> Institutions => Set<Institution>();

    public DbSet<Federation> Federations => Set<Federation>();

    public DbSet<Filing> Filings => Set<Filing>();

    public DbSet<Assessment> Assessments => Set<Assessment>();

    public DbSet<AssessmentAdjustment> Adjustments => Set<AssessmentAdjustment>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<UnappliedCash> UnappliedCash => Set<UnappliedCash>();

    public DbSet<CollectionNotice> Notices => Set<CollectionNotice>();

    public DbSet<SubrogationPayment> SubrogationPayments => Set<SubrogationPayment>();

    public DbSet<FundHead> Funds => Set<FundHead>();

    public DbSet<JournalEntry> Entries => Set<JournalEntry>();

    public DbSet<LedgerLine> Lines => Set<LedgerLine>();

    public DbSet<ContributionPlan> Plans => Set<ContributionPlan>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<Institution>(b =>
        {
            b.ToTable("institutions");
            b.HasKey(i => i.Code);
            b.Property(i => i.Code).HasMaxLength(10);
            b.Property(i => i.Name).HasMaxLength(100);
            b.Property(i => i.FederationCode).HasMaxLength(10);
            b.HasData(InstitutionCatalogue.All.Select(i => new Institution
            {
                Code = i.Code, Name = i.Name, Sector = i.Sector, Category = i.Category, RateGroup = i.RateGroup, Route = i.Route, FederationCode = i.FederationCode,
            }));
        });
        modelBuilder.Entity<Federation>(b =>
        {
            b.ToTable("federations");
            b.HasKey(f => f.Code);
            b.Property(f => f.Code).HasMaxLength(10);
            b.Property(f => f.Name).HasMaxLength(100);
            b.HasData(InstitutionCatalogue.Federations.Select(f => new Federation { Code = f.Code, Name = f.Name }));
        });
        modelBuilder.Entity<Filing>(b =>
        {
            b.ToTable("filings");
            b.HasKey(f => f.Id);
            b.Property(f => f.Id).ValueGeneratedNever();
            b.Property(f => f.InstitutionCode).HasMaxLength(10);
            b.Property(f => f.CorrectionReason).HasMaxLength(500);
            b.Property(f => f.FiledBy).HasMaxLength(100);
            b.OwnsMany(f => f.Evidence, e =>
            {
                e.ToJson("evidence");
                e.Property(x => x.FileName).HasMaxLength(255);
            });
            // One original filing per institution and month; corrections are further rows naming the one they correct.
            b.HasIndex(f => new { f.InstitutionCode, f.Month }).IsUnique().HasFilter("\"Kind\" = 'Original'");
            b.HasIndex(f => new { f.InstitutionCode, f.Month, f.FiledAt });
        });
        modelBuilder.Entity<Assessment>(b =>
        {
            b.ToTable("assessments");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.InstitutionCode).HasMaxLength(10);
            b.Property(a => a.CommonRate).HasPrecision(9, 6);
            b.Property(a => a.TierRate).HasPrecision(9, 6);
            b.Property(a => a.SubrogationIndex).HasPrecision(12, 2);
            b.Property(a => a.Citations).HasMaxLength(2000);
            b.Property(a => a.AssessedBy).HasMaxLength(100);
            b.Ignore(a => a.Outstanding);
            b.HasIndex(a => new { a.InstitutionCode, a.Month }).IsUnique();
            b.HasIndex(a => new { a.Status, a.DueOn });
            b.HasMany(a => a.AdjustmentLines).WithOne().HasForeignKey(x => x.AssessmentId);
        });
        modelBuilder.Entity<AssessmentAdjustment>(b =>
        {
            b.ToTable("assessment_adjustments");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.Evidence).HasMaxLength(2000);
            b.HasIndex(a => a.CorrectionFilingId).IsUnique();
        });
        modelBuilder.Entity<Payment>(b =>
        {
            b.ToTable("payments");
            b.HasKey(p => p.Id);
            b.Property(p => p.Id).ValueGeneratedNever();
            b.Property(p => p.BankReference).HasMaxLength(100);
            b.Property(p => p.InstitutionCode).HasMaxLength(10);
            b.Property(p => p.RecordedBy).HasMaxLength(100);
            b.HasIndex(p => p.BankReference).IsUnique();
            b.HasIndex(p => p.AssessmentId);
        });
        modelBuilder.Entity<UnappliedCash>(b =>
        {
            b.ToTable("unapplied_cash");
            b.HasKey(u => u.Id);
            b.Property(u => u.Id).ValueGeneratedNever();
            b.Property(u => u.InstitutionCode).HasMaxLength(10);
            b.Property(u => u.Reason).HasMaxLength(500);
        });
        modelBuilder.Entity<CollectionNotice>(b =>
        {
            b.ToTable("collection_notices");
            b.HasKey(n => n.Id);
            b.Property(n => n.Id).ValueGeneratedNever();
            b.HasIndex(n => new { n.AssessmentId, n.Kind, n.On }).IsUnique();
        });
        modelBuilder.Entity<SubrogationPayment>(b =>
        {
            b.ToTable("subrogation_payments");
            b.HasKey(s => s.ClaimId);
            b.Property(s => s.LenderCode).HasMaxLength(20);
            b.Property(s => s.FundCode).HasMaxLength(40);
            b.HasIndex(s => new { s.LenderCode, s.PaidOn });
        });
        modelBuilder.Entity<FundHead>(b =>
        {
            b.ToTable("funds");
            b.HasKey(f => f.FundCode);
            b.Property(f => f.FundCode).HasMaxLength(40);
            b.Property(f => f.Name).HasMaxLength(100);
            b.HasData(
                new FundHead { FundCode = FundCodes.KinfaSupplementary, Name = "서민금융진흥원 서민금융보완계정" },
                new FundHead { FundCode = FundCodes.KinfaSelfSufficiency, Name = "서민금융진흥원 자활지원계정" },
                new FundHead { FundCode = FundCodes.IncheonBase, Name = "인천신용보증재단 기본재산" });
        });
        modelBuilder.Entity<JournalEntry>(b =>
        {
            b.ToTable("journal_entries");
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).ValueGeneratedNever();
            b.Property(e => e.FundCode).HasMaxLength(40);
            b.Property(e => e.SourceType).HasMaxLength(60);
            b.Property(e => e.SourceId).HasMaxLength(100);
            b.Property(e => e.Description).HasMaxLength(500);
            b.Property(e => e.ContributorGroup).HasMaxLength(100);
            b.Property(e => e.ContributorName).HasMaxLength(100);
            b.Property(e => e.Programme).HasMaxLength(100);
            b.Property(e => e.PlanLine).HasMaxLength(100);
            b.Property(e => e.RecordedBy).HasMaxLength(100);
            // An event or operation books once, whatever the route by which it arrives twice.
            b.HasIndex(e => new { e.SourceType, e.SourceId }).IsUnique();
            b.HasIndex(e => new { e.FundCode, e.Sequence }).IsUnique();
            b.HasMany(e => e.Lines).WithOne().HasForeignKey(l => l.EntryId);
        });
        modelBuilder.Entity<LedgerLine>(b =>
        {
            b.ToTable("ledger_lines");
            b.HasKey(l => l.Id);
            b.Property(l => l.Id).ValueGeneratedNever();
            b.Property(l => l.FundCode).HasMaxLength(40);
            b.HasIndex(l => new { l.FundCode, l.Account });
        });
        modelBuilder.Entity<ContributionPlan>(b =>
        {
            b.ToTable("contribution_plans");
            b.HasKey(p => p.Id);
            b.Property(p => p.Id).ValueGeneratedNever();
            b.Property(p => p.FundCode).HasMaxLength(40);
            b.Property(p => p.PlanLine).HasMaxLength(100);
            b.Property(p => p.Programme).HasMaxLength(100);
            b.HasIndex(p => new { p.FundCode, p.Year, p.PlanLine, p.Programme }).IsUnique();
        });
        modelBuilder.AddMessagingTables();
        modelBuilder.AddAuditTrail();
    }
}
