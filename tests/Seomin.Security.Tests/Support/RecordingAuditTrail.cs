using Seomin.PersonalData.Audit;

namespace Seomin.Security.Tests.Support;

/// <summary>Collects entries in memory, for unit tests of callers of <see cref="IAuditTrail"/>.</summary>
internal sealed class RecordingAuditTrail : IAuditTrail
{
    public List<AuditEntry> Entries { get; } = [];

    public void Record(AuditEntry entry) => Entries.Add(entry);

    public Task RecordNowAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        Record(entry);
        return Task.CompletedTask;
    }

    public Task SaveAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
