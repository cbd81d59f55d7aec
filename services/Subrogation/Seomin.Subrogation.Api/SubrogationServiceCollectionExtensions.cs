using Seomin.Access;
using Seomin.Access.Notices;
using Seomin.Messaging;
using Seomin.PersonalData;
using Seomin.Reconciliation;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Consumers;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Api.Features.Accrual;
using Seomin.Subrogation.Api.Features.Certificates;
using Seomin.Subrogation.Api.Features.Debtors;
using Seomin.Subrogation.Api.Features.Payment;
using Seomin.Subrogation.Api.Features.Reconciliation;
using Seomin.Subrogation.Domain;

namespace Seomin.Subrogation.Api;

/// <summary>Everything the subrogation service owns, registered in one place so Program.cs reads as a table of contents.</summary>
public static class SubrogationServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSubrogationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSeominTokenValidation(Audiences.Subrogation);
        builder.AddPersonalDataProtection();
        builder.AddSubrogationDatabase();

        // Every message this service consumes, in one place. The token service's notices reach every instance.
        builder.AddMessaging<SubrogationDbContext>(m =>
        {
            m.AddInstanceConsumer<AccessRevokedConsumer>();
            m.AddInstanceConsumer<SigningKeysChangedConsumer>();
            m.AddConsumer<GuaranteeProjectionConsumer>();
        });

        var services = builder.Services;
        services.AddDomainExceptions(map => map
            .Rule<SubrogationRuleException>(e => e.Rule)
            .Conflict<IllegalStateTransitionException>());

        // The bank's payment network cannot exist here: a named fake at the boundary (docs/adr/0016).
        services.AddSingleton<IBankTransferPort, FakeBankTransferNetwork>();
        services.AddScoped<ClaimPayments>();
        services.AddScoped<DebtorRegistry>();
        services.AddScoped<CertificateIssuer>();
        services.AddScoped<LateChargeAccrual>();
        services.AddHostedService<NightlyAccrualService>();
        services.AddControlTotals<SubrogationControlTotals>();
        return builder;
    }
}
