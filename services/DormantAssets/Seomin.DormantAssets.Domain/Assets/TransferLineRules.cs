namespace Seomin.DormantAssets.Domain.Assets;

/// <summary>Why a line of a transfer batch was rejected: a stable code and a reason a clerk at the institution can act on.</summary>
public sealed record LineRejection(string Code, string Reason);

/// <summary>The line rules of a transfer batch (출연 명세). The RRN's own format is checked by the caller (Seomin.PersonalData).</summary>
public static class TransferLineRules
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 300;
    public const int MaxAccountLength = 40;

    public static readonly LineRejection RrnInvalid = new("RrnInvalid", "The resident registration number is not valid.");
    public static readonly LineRejection NameRequired = new("NameRequired", "The owner's name is required (at most 100 characters).");
    public static readonly LineRejection AddressTooLong = new("AddressTooLong", "The address is longer than 300 characters.");
    public static readonly LineRejection AmountMustBePositive = new("AmountMustBePositive", "The amount must be a whole number of won greater than zero.");
    public static readonly LineRejection AssetTypeUnknown = new("AssetTypeUnknown", "The asset type must be Deposit, Insurance, InvestorDeposit, Cheque or UnclaimedStockProceeds.");
    public static readonly LineRejection AccountRequired = new("AccountRequired", "The account or certificate number is required (at most 40 characters).");

    /// <summary>시행령 제39조: the institution transfers an asset once its limitation period has completed; the date is required.</summary>
    public static readonly LineRejection LimitationDateRequired = new("LimitationDateRequired", "The limitation completion date (yyyy-MM-dd) is required.");
    public static readonly LineRejection LimitationNotCompleted = new("LimitationNotCompleted", "The limitation period has not completed on the transfer date (시행령 제39조).");
    public static readonly LineRejection WrongColumnCount = new("WrongColumnCount", "The line must have 7 columns: name,rrn,address,amount,assetType,accountNumber,limitationCompletedOn.");
    public static readonly LineRejection DuplicateAccount = new("DuplicateAccount", "This account was already transferred by the institution (in this or an earlier batch).");

    /// <summary>Checks every field but the RRN; the first failing rule is the reason.</summary>
    public static LineRejection? Check(string? name, string? address, string? amount, string? assetType, string? account, string? limitationCompletedOn, DateOnly transferredOn,
        out ValidLine line)
    {
        line = default;
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            return NameRequired;
        }

        if (address is { Length: > MaxAddressLength })
        {
            return AddressTooLong;
        }

        if (!long.TryParse(amount, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var won) || won <= 0)
        {
            return AmountMustBePositive;
        }

        if (!Enum.TryParse<AssetType>(assetType?.Trim(), ignoreCase: true, out var type) || !Enum.IsDefined(type) || int.TryParse(assetType, out _))
        {
            return AssetTypeUnknown;
        }

        if (string.IsNullOrWhiteSpace(account) || account.Trim().Length > MaxAccountLength)
        {
            return AccountRequired;
        }

        if (!DateOnly.TryParseExact(limitationCompletedOn?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var limitation))
        {
            return LimitationDateRequired;
        }

        if (limitation > transferredOn)
        {
            return LimitationNotCompleted;
        }

        line = new ValidLine(name.Trim(), address?.Trim() ?? "", won, type, account.Trim(), limitation);
        return null;
    }
}

/// <summary>A line that passed <see cref="TransferLineRules"/>.</summary>
public readonly record struct ValidLine(string Name, string Address, long Amount, AssetType Type, string Account, DateOnly LimitationCompletedOn);
