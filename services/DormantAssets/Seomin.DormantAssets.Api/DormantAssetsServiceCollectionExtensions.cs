using Seomin.Access;
using Seomin.Access.Notices;
using Seomin.DormantAssets.Api.Consumers;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Api.Features.Claims;
using Seomin.DormantAssets.Api.Features.Control;
using Seomin.DormantAssets.Api.Features.Disclosure;
using Seomin.DormantAssets.Api.Features.Lookup;
using Seomin.DormantAssets.Api.Features.Reconciliation;
using Seomin.DormantAssets.Api.Features.Transfers;
using Seomin.DormantAssets.Domain;
using Seomin.DormantAssets.Domain.Rules;
using Seomin.IdentityVerification;
using Seomin.Messaging;
using Seomin.PersonalData;
using Seomin.Reconciliation;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api;

/// <summary>Everything the dormant-assets service owns, registered in one place so Program.cs reads as a table of contents.</summary>
public static class DormantAssetsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddDormantAssetsServices(this IHostApplicationBuilder builder)
    {
        builder.AddSeominTokenValidation(Audiences.DormantAssets);
        builder.AddPersonalDataProtection();
        builder.AddDormantAssetsDatabase();

        // Every message this service consumes, in one place. The token service's notices reach every instance.
        builder.AddMessaging<DormantAssetsDbContext>(m =>
        {
            m.AddInstanceConsumer<AccessRevokedConsumer>();
            m.AddInstanceConsumer<SigningKeysChangedConsumer>();
            m.AddConsumer<AutomaticLookupConsumer>();
        });

        var services = builder.Services;
        services.AddDomainExceptions(map => map
            .Rule<DormantRuleException>(e => e.Rule)
            .Conflict<IllegalStateTransitionException>());
        services.AddOptions<ClaimPolicy>().Bind(builder.Configuration.GetSection(ClaimPolicy.Section))
            .Validate(p => p.OnlineCap > 0 && p.ApprovalThreshold > 0 && p.NoticeThreshold > 0 && p.RepeatClaims > 0 && p.PartnerClaimsPerHour > 0,
                "DormantAssets:Claims limits must be positive.")
            .ValidateOnStart();
        services.AddIdempotency<DormantIdempotencyStore>();

        // The providers and the bank network cannot exist here: named fakes at the boundary (docs/adr/0019).
        services.AddIdentityVerification(builder.Configuration, builder.Environment);
        services.AddSingleton<FakeBankNetwork>();
        services.AddSingleton<IBankTransferPort>(sp => sp.GetRequiredService<FakeBankNetwork>());

        services.AddScoped<TransferImport>();
        services.AddScoped<OwnerVerification>();
        services.AddSingleton<AssetLookupQuery>();
        services.AddScoped<AssetLookup>();
        services.AddScoped<ClaimPayments>();
        services.AddScoped<ClaimMaking>();
        services.AddScoped<Monitoring>();
        services.AddScoped<MonthlyStatistics>();
        services.AddControlTotals<DormantAssetsControlTotals>();
        return builder;
    }
}
