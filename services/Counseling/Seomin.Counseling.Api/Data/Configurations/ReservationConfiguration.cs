using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Seomin.Counseling.Domain.Completions;
using Seomin.Counseling.Domain.Reservations;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api.Data.Configurations;

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<CallbackReservation>
{
    public void Configure(EntityTypeBuilder<CallbackReservation> b)
    {
        b.ToTable("callback_reservations");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.CustomerId).HasMaxLength(40);
        b.Property(r => r.CounselorId).HasMaxLength(100);
        b.Property(r => r.CallbackPhone).IsEncrypted();
        b.Property(r => r.Topic).HasMaxLength(500);
        // The database backs "no double booking": one live reservation per counselor and slot.
        b.HasIndex(r => new { r.CounselorId, r.SlotStart })
            .IsUnique()
            .HasDatabaseName("ux_callback_reservations_live_slot")
            .HasFilter("\"Status\" IN ('Booked', 'Completed')");
    }
}

internal sealed class CompletionConfiguration : IEntityTypeConfiguration<ProgramCompletion>
{
    public void Configure(EntityTypeBuilder<ProgramCompletion> b)
    {
        b.ToTable("program_completions");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.CustomerId).HasMaxLength(40);
        b.Property(c => c.CourseCode).HasMaxLength(40);
        b.Property(c => c.RecordedBy).HasMaxLength(100);
        // One completion per customer, programme, course and day: a double click does not earn two records.
        b.HasIndex(c => new { c.CustomerId, c.Kind, c.CourseCode, c.CompletedOn }).IsUnique().AreNullsDistinct(false);
    }
}
