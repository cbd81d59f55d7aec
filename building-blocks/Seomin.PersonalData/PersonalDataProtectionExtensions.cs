using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Seomin.PersonalData.Audit;

namespace Seomin.PersonalData;

/// <summary>Registration of the personal-data building blocks (see docs/adr/0004).</summary>
public static class PersonalDataProtectionExtensions
{
    /// <summary>
    /// Registers the key provider (configuration, a mounted key file, or generated development keys),
    /// <see cref="IFieldCipher"/>, <see cref="IBlindIndex"/>, <see cref="ICustomerIdFactory"/>, the audit
    /// actor from the request, RRN redaction of every log record, span and Problem Details, and a start-up
    /// check that the keys load. Add the audit trail of the service's DbContext with
    /// <see cref="AddAuditTrail{TContext}"/>.
    /// </summary>
    public static TBuilder AddPersonalDataProtection<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(PersonalDataProtectionMarker)))
        {
            return builder;
        }

        services.AddSingleton<PersonalDataProtectionMarker>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKeyProvider>(sp => LoadKeys(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.TryAddSingleton<IFieldCipher, AesGcmFieldCipher>();
        services.TryAddSingleton<IBlindIndex, HmacBlindIndex>();
        services.TryAddSingleton<ICustomerIdFactory, HmacCustomerIdFactory>();
        services.AddHttpContextAccessor();
        services.TryAddSingleton<IAuditActorAccessor, HttpAuditActorAccessor>();
        services.AddHostedService<KeyCheck>();

        // Before export: the processor is added to the service's tracer provider, whose exporters run after every
        // processor (docs/adr/0010); ServiceDefaults knows nothing of resident registration numbers.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new RrnRedactingActivityProcessor()));
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));

        services.AddProblemDetails();
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var customize = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                Scrub(context.ProblemDetails);
            };
        });
        return builder;
    }

    /// <summary>Registers <see cref="IAuditTrail"/> over <typeparamref name="TContext"/> (scoped, like the context).</summary>
    public static IServiceCollection AddAuditTrail<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditActorAccessor, HttpAuditActorAccessor>();
        services.TryAddScoped<IAuditTrail>(sp => new DbContextAuditTrail(
            sp.GetRequiredService<TContext>(), sp.GetRequiredService<IAuditActorAccessor>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    internal static IKeyProvider LoadKeys(IConfiguration configuration, IHostEnvironment environment)
    {
        var ring = KeyConfiguration.Read(configuration);
        if (ring is not null)
        {
            return ring;
        }

        if (environment.IsDevelopment() || configuration.GetValue<bool>(KeyConfiguration.Section + ":UseDevelopmentKeys"))
        {
            return DevelopmentKeyStore.LoadOrCreate(
                configuration[KeyConfiguration.Section + ":DevelopmentKeyDirectory"] ?? DevelopmentKeyStore.DefaultDirectory());
        }

        throw new InvalidOperationException(
            "No personal-data keys are configured. Set Seomin:Security:KeyFile or Seomin:Security:Keys:* (see docs/adr/0004-personal-data-protection.md).");
    }

    private static void Scrub(ProblemDetails problem)
    {
        problem.Title = problem.Title is null ? null : RrnPattern.Redact(problem.Title);
        problem.Detail = problem.Detail is null ? null : RrnPattern.Redact(problem.Detail);
        foreach (var key in problem.Extensions.Keys.ToList())
        {
            if (problem.Extensions[key] is string text)
            {
                problem.Extensions[key] = RrnPattern.Redact(text);
            }
        }

        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var key in validation.Errors.Keys.ToList())
            {
                validation.Errors[key] = [.. validation.Errors[key].Select(RrnPattern.Redact)];
            }
        }
    }

    private sealed class PersonalDataProtectionMarker;

    /// <summary>Fails the host's start when the keys are missing or invalid, not the first request.</summary>
    private sealed class KeyCheck(IKeyProvider keys) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = keys.ActiveKeyId;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
