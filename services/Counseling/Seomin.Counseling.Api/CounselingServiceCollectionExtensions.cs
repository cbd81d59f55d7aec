using Seomin.Access;
using Seomin.Access.Notices;
using Seomin.BusinessTime;
using Seomin.Counseling.Api.Consumers;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Sla;
using Seomin.Counseling.Domain;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api;

/// <summary>Everything the counseling service owns, registered in one place so Program.cs reads as a table of contents.</summary>
public static class CounselingServiceCollectionExtensions
{
    public const string HolidayFileSetting = "Counseling:HolidayFile";

    public static IHostApplicationBuilder AddCounselingServices(this IHostApplicationBuilder builder)
    {
        builder.AddSeominTokenValidation(Audiences.Counseling);
        builder.AddPersonalDataProtection();
        builder.AddCounselingDatabase();

        // Every message this service consumes, in one place. The token service's notices reach every instance.
        builder.AddMessaging<CounselingDbContext>(m =>
        {
            m.AddInstanceConsumer<AccessRevokedConsumer>();
            m.AddInstanceConsumer<SigningKeysChangedConsumer>();
            m.AddConsumer<GuaranteeTimelineConsumer>();
            m.AddConsumer<DormantAssetsTimelineConsumer>();
            m.AddConsumer<SubrogationTimelineConsumer>();
        });

        var services = builder.Services;
        services.AddDomainExceptions(map => map.Rule<CounselingRuleException>(e => e.Rule));

        // Korean public holidays are data: the file shipped with Seomin.BusinessTime, or a newer one named in configuration.
        services.AddSingleton(builder.Configuration[HolidayFileSetting] is { Length: > 0 } holidayFile
            ? BusinessCalendar.LoadFile(holidayFile)
            : BusinessCalendar.Korean);
        services.AddSingleton<BusinessClock>();
        services.AddHealthChecks().AddCheck<HolidayCalendarHealthCheck>("holiday-calendar");

        services.AddOptions<VocSlaOptions>()
            .Bind(builder.Configuration.GetSection(VocSlaOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<VocSlaSweeper>();
        services.AddHostedService<VocSlaMonitor>();
        return builder;
    }
}
