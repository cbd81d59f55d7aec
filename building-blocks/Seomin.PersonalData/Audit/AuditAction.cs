namespace Seomin.PersonalData.Audit;

/// <summary>What was done to a person's data (stored as its name).</summary>
public enum AuditAction
{
    View,
    Create,
    Change,
    Download,
    Export,
    Unmask,
}
