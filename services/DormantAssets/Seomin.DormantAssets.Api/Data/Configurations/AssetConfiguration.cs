using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.PersonalData;

namespace Seomin.DormantAssets.Api.Data.Configurations;

public sealed class AssetConfiguration : IEntityTypeConfiguration<DormantAsset>
{
    /// <summary>Shadow columns written by the import: the encrypted RRN and address, and the blind indexes.</summary>
    public const string Rrn = "Rrn";
    public const string RrnIndex = "RrnIndex";
    public const string Address = "Address";
    public const string AccountIndex = "AccountIndex";

    public void Configure(EntityTypeBuilder<DormantAsset> b)
    {
        b.ToTable("assets");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.InstitutionCode).HasMaxLength(20);
        b.Property(a => a.InstitutionName).HasMaxLength(100);
        b.Property(a => a.CustomerId).HasMaxLength(64);
        b.Property(a => a.OwnerName).IsEncrypted();
        b.Property(a => a.AccountNumber).IsEncrypted();
        b.Property<ResidentRegistrationNumber>(Rrn).IsEncrypted();
        b.Property<string>(RrnIndex).HasMaxLength(32);
        b.Property<string>(Address).IsEncrypted();
        b.Property<string>(AccountIndex).HasMaxLength(32);
        b.HasIndex(RrnIndex);
        b.HasIndex(a => a.CustomerId);
        b.HasIndex(nameof(DormantAsset.InstitutionCode), AccountIndex).IsUnique();
        b.HasIndex(a => a.BatchId);
        b.Property<uint>("xmin").IsRowVersion();
    }
}

public sealed class ClaimConfiguration : IEntityTypeConfiguration<Domain.Claims.RefundClaim>
{
    public void Configure(EntityTypeBuilder<Domain.Claims.RefundClaim> b)
    {
        b.ToTable("claims");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.CustomerId).HasMaxLength(64);
        b.Property(c => c.PartnerCode).HasMaxLength(40);
        b.Property(c => c.ConsentId).HasMaxLength(100);
        b.Property(c => c.PayeeBankCode).HasMaxLength(10);
        b.Property(c => c.PayeeAccount).IsEncrypted();
        b.Property(c => c.PayeeHolderName).IsEncrypted();
        b.Property(c => c.ClaimedBy).HasMaxLength(100);
        b.Property(c => c.ReviewedBy).HasMaxLength(100);
        b.Property(c => c.ReviewNote).HasMaxLength(500);
        b.Property(c => c.DecidedBy).HasMaxLength(100);
        b.Property(c => c.RejectionReason).HasMaxLength(500);
        b.Property(c => c.TransferReference).HasMaxLength(64);
        b.Ignore(c => c.IsOpen);
        b.Ignore(c => c.Version);
        b.Property<uint>("xmin").IsRowVersion();

        // At most one open claim per asset, enforced by the database (ClaimRules.AnotherClaimOpen is the friendly answer).
        b.HasIndex(c => c.AssetId).IsUnique().HasFilter($"status IN {Domain.Claims.RefundClaim.OpenStatusesSql}").HasDatabaseName("ux_claims_one_open_per_asset");
        b.HasIndex(c => new { c.CustomerId, c.ClaimedAt });
        b.HasIndex(c => new { c.PartnerCode, c.ClaimedAt });
        b.HasIndex(c => c.Status);
    }
}

public sealed class BatchConfiguration : IEntityTypeConfiguration<TransferBatch>
{
    public void Configure(EntityTypeBuilder<TransferBatch> b)
    {
        b.ToTable("transfer_batches");
        b.HasKey(x => x.Id);
        b.Property(x => x.InstitutionCode).HasMaxLength(20);
        b.Property(x => x.InstitutionName).HasMaxLength(100);
        b.Property(x => x.BatchReference).HasMaxLength(100);
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.Property(x => x.SubmittedBy).HasMaxLength(200);
        b.HasIndex(x => new { x.InstitutionCode, x.BatchReference }).IsUnique();
        b.HasIndex(x => new { x.InstitutionCode, x.ContentHash }).IsUnique();
    }
}

public sealed class RejectionConfiguration : IEntityTypeConfiguration<TransferRejection>
{
    public void Configure(EntityTypeBuilder<TransferRejection> b)
    {
        b.ToTable("transfer_rejections");
        b.HasKey(x => new { x.BatchId, x.LineNumber });
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.Reason).HasMaxLength(300);
    }
}

public sealed class VerificationUseConfiguration : IEntityTypeConfiguration<VerificationUse>
{
    public void Configure(EntityTypeBuilder<VerificationUse> b)
    {
        b.ToTable("verification_uses");
        b.HasKey(x => x.VerificationId);
        b.Property(x => x.VerificationId).HasMaxLength(100);
        b.Property(x => x.CustomerId).HasMaxLength(64);
        b.Property(x => x.Purpose).HasMaxLength(100);
        b.Property(x => x.PartnerCode).HasMaxLength(40);
    }
}

public sealed class ConsentConfiguration : IEntityTypeConfiguration<PartnerConsent>
{
    public void Configure(EntityTypeBuilder<PartnerConsent> b)
    {
        b.ToTable("partner_consents");
        b.HasKey(x => new { x.PartnerCode, x.ConsentId });
        b.Property(x => x.PartnerCode).HasMaxLength(40);
        b.Property(x => x.ConsentId).HasMaxLength(100);
        b.Property(x => x.CustomerId).HasMaxLength(64);
        b.Property(x => x.Purpose).HasMaxLength(200);
    }
}

public sealed class NoticeConfiguration : IEntityTypeConfiguration<AutomaticLookupNotice>
{
    public void Configure(EntityTypeBuilder<AutomaticLookupNotice> b)
    {
        b.ToTable("automatic_lookup_notices");
        b.HasKey(x => new { x.CustomerId, x.Period });
        b.Property(x => x.CustomerId).HasMaxLength(64);
        b.Property(x => x.Period).HasMaxLength(7);
        b.Property(x => x.Trigger).HasMaxLength(100);
    }
}

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_records");
        b.HasKey(r => r.Key);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.Location).HasMaxLength(300);
    }
}
