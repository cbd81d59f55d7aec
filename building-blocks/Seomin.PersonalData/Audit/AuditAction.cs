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

    /// <summary>An attempt refused for a control reason, e.g. an employee deciding their own request (maker-checker).</summary>
    Refuse,
}
