using Seomin.DormantAssets.Domain.Assets;
using Seomin.DormantAssets.Domain.Rules;

namespace Seomin.DormantAssets.Domain.Claims;

/// <summary>The refusals of a claim, each a named rule (422 unless said otherwise).</summary>
public static class ClaimRules
{
    public const string OnlineClaimAboveCap = "OnlineClaimAboveCap";
    public const string AnotherClaimOpen = "AnotherClaimOpenForAsset";
    public const string AssetMustBeOutstanding = "AssetMustBeOutstanding";
    public const string UndisclosedAssetInPersonOnly = "UndisclosedAssetInPersonOnly";

    /// <summary>Checks a claim on <paramref name="asset"/> by the person <paramref name="claimantCustomerId"/> through <paramref name="channel"/>.</summary>
    public static void EnsureClaimable(DormantAsset asset, string? claimantCustomerId, ClaimChannel channel, long payout, bool anotherClaimOpen, ClaimPolicy policy)
    {
        if (channel != ClaimChannel.InPerson && !string.Equals(asset.CustomerId, claimantCustomerId, StringComparison.Ordinal))
        {
            throw new NotTheOwnerException();
        }

        if (asset.Status != AssetStatus.Outstanding)
        {
            throw new DormantRuleException(AssetMustBeOutstanding, "The asset has already been paid out.");
        }

        if (anotherClaimOpen)
        {
            throw new DormantRuleException(AnotherClaimOpen, "Another claim for this asset is open.");
        }

        if (channel != ClaimChannel.InPerson && !AssetDisclosure.IsShownInLookup(asset.Type))
        {
            throw new DormantRuleException(UndisclosedAssetInPersonOnly, "Cheque and unclaimed-stock proceeds are claimed in person with the instrument.");
        }

        if (channel != ClaimChannel.InPerson && payout > policy.OnlineCap)
        {
            throw new DormantRuleException(OnlineClaimAboveCap, $"Online claims pay at most {policy.OnlineCap} won; claim this asset in person.");
        }
    }
}
