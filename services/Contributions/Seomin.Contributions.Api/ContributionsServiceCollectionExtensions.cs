using Seomin.Access;
using Seomin.Access.Notices;
using Seomin.Contributions.Api.Consumers;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Assessment;
using Seomin.Contributions.Api.Features.Collection;
using Seomin.Contributions.Api.Features.Filings;
using Seomin.Contributions.Api.Features.Ledger;
using Seomin.Contributions.Api.Features.Reconciliation;
using Seomin.Contributions.Domain;
using Seomin.Messaging;
using Seomin.PersonalData;
using Seomin.Reconciliation;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api;

/// <summary>Everything the contributions service owns, registered in one place so Program.cs reads as a table of contents.</summary>
public static class ContributionsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddContributionsServices(this IHostApplicationBuilder builder)
    {
        builder.AddSeominTokenValidation(Audiences.Contributions);
        builder.AddPersonalDataProtection();
        builder.AddContributionsDatabase();

        // Every message this service consumes, in one place. The token service's notices reach every instance.
        builder.AddMessaging<ContributionsDbContext>(m =>
        {
            m.AddInstanceConsumer<AccessRevokedConsumer>();
            m.AddInstanceConsumer<SigningKeysChangedConsumer>();
            m.AddConsumer<FundEventsConsumer>();
        });

        var services = builder.Services;
        services.AddDomainExceptions(map => map.Rule<ContributionRuleException>(e => e.Rule));
        services.AddScoped<FundLedger>();
        services.AddScoped<FilingIntake>();
        services.AddScoped<AssessmentRun>();
        services.AddScoped<PaymentDesk>();
        services.AddScoped<OverdueSweep>();
        services.AddHostedService<OverdueSweepWorker>();

        // Reconciliation (docs/adr/0022): this service's control totals, and the job that compares every service's
        // books with the fund ledgers, hosted here (its tables in contributionsdb, schema reconciliation).
        services.AddControlTotals<ContributionsControlTotals>();
        services.AddReconciliation(builder.Configuration, builder.Configuration.GetConnectionString(ContributionsDatabase.ConnectionName)!);
        return builder;
    }
}
