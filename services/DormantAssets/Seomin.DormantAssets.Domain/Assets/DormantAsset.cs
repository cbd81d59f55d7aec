namespace Seomin.DormantAssets.Domain.Assets;

/// <summary>
/// One dormant financial asset (휴면금융자산) transferred by an institution. The owner's RRN, name, address and the
/// account number are personal data: the API stores them encrypted, with a blind index of the RRN and the
/// platform-wide CustomerId for lookups. Rows are written in bulk by the import (COPY), so this type only reads them
/// and changes the status.
/// </summary>
public sealed class DormantAsset
{
    private DormantAsset()
    {
    }

    public Guid Id { get; private set; }

    public Guid BatchId { get; private set; }

    public int LineNumber { get; private set; }

    public string InstitutionCode { get; private set; } = "";

    public string InstitutionName { get; private set; } = "";

    public InstitutionSector Sector { get; private set; }

    public string CustomerId { get; private set; } = "";

    public string OwnerName { get; private set; } = "";

    public string AccountNumber { get; private set; } = "";

    public AssetType Type { get; private set; }

    public long Amount { get; private set; }

    public DateOnly LimitationCompletedOn { get; private set; }

    public DateOnly TransferredOn { get; private set; }

    public AssetStatus Status { get; private set; }

    public Guid? PaidByClaimId { get; private set; }

    public DateOnly? PaidOn { get; private set; }

    /// <summary>An asset as the import writes it (the import itself uses COPY; this is for rules and tests).</summary>
    public static DormantAsset Transferred(
        Guid id, Guid batchId, int lineNumber, string institutionCode, string institutionName, InstitutionSector sector, string customerId,
        string ownerName, string accountNumber, AssetType type, long amount, DateOnly limitationCompletedOn, DateOnly transferredOn) => new()
        {
            Id = id, BatchId = batchId, LineNumber = lineNumber, InstitutionCode = institutionCode, InstitutionName = institutionName, Sector = sector,
            CustomerId = customerId, OwnerName = ownerName, AccountNumber = accountNumber, Type = type, Amount = amount,
            LimitationCompletedOn = limitationCompletedOn, TransferredOn = transferredOn, Status = AssetStatus.Outstanding,
        };

    public void MarkPaid(Guid claimId, DateOnly paidOn)
    {
        if (Status == AssetStatus.Paid)
        {
            throw new DormantRuleException("AssetMustBeOutstanding", "The asset has already been paid out.");
        }

        Status = AssetStatus.Paid;
        PaidByClaimId = claimId;
        PaidOn = paidOn;
    }
}
