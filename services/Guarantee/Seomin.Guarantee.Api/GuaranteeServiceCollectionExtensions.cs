using Microsoft.Extensions.Options;
using Seomin.Access;
using Seomin.Access.Notices;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Consumers;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Api.Features.DecideApplication;
using Seomin.Guarantee.Api.Features.Lapse;
using Seomin.Guarantee.Api.Features.Reconciliation;
using Seomin.Guarantee.Api.Features.SelfServiceRefund;
using Seomin.Guarantee.Api.Features.SubmitApplication;
using Seomin.Guarantee.Api.Jobs;
using Seomin.Guarantee.Domain;
using Seomin.IdentityVerification;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;
using Seomin.Reconciliation;

namespace Seomin.Guarantee.Api;

/// <summary>Everything the guarantee service owns, registered in one place so Program.cs reads as a table of contents.</summary>
public static class GuaranteeServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddGuaranteeServices(this IHostApplicationBuilder builder)
    {
        builder.AddSeominTokenValidation(Audiences.Guarantee);
        builder.AddPersonalDataProtection();
        builder.AddGuaranteeDatabase();

        // Every message this service consumes, in one place. The token service's notices reach every instance.
        builder.AddMessaging<GuaranteeDbContext>(m =>
        {
            m.AddInstanceConsumer<AccessRevokedConsumer>();
            m.AddInstanceConsumer<SigningKeysChangedConsumer>();
            m.AddConsumer<PreApplicationCounselingCompletedConsumer>();
            m.AddConsumer<FinancialEducationCompletedConsumer>();
            m.AddConsumer<GuaranteeFundBalanceChangedConsumer>();
            m.AddConsumer<SubrogationPaidConsumer>();
        });

        var services = builder.Services;
        services.AddOptions<GuaranteeOptions>()
            .Bind(builder.Configuration.GetSection(GuaranteeOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GuaranteeOptions>, GuaranteeOptionsValidator>();

        // The domain's own exceptions, mapped by the one exception handler.
        services.AddDomainExceptions(map => map
            .Rule<GuaranteeRuleException>(e => e.Rule)
            .Conflict<IllegalStateTransitionException>());
        services.AddIdempotency<GuaranteeIdempotencyStore>();

        services.AddSingleton<BusinessClock>();
        services.AddSingleton<ProductCache>();
        services.AddHostedService<CapacitySync>();
        services.AddScoped<GuaranteeEvents>();
        services.AddScoped<GuaranteeApprover>();
        services.AddScoped<ApplicationSubmission>();
        services.AddScoped<ApplicationDecisions>();
        services.AddSingleton<GuaranteeLapse>();

        // Self-service refunds: identity verification (the named fake in development/tests) and the bank network.
        services.AddIdentityVerification(builder.Configuration, builder.Environment);
        services.AddSingleton<FakeRefundBankNetwork>();
        services.AddSingleton<IRefundBankTransferPort>(sp => sp.GetRequiredService<FakeRefundBankNetwork>());
        services.AddScoped<SelfServiceRefunds>();
        services.AddHostedService<LapseJob>();
        services.AddControlTotals<GuaranteeControlTotals>();
        return builder;
    }
}
