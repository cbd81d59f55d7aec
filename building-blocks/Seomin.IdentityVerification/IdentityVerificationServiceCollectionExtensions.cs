using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Seomin.IdentityVerification;

public static class IdentityVerificationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the identity-verification port. Only the fake provider exists here, and only in Development or when
    /// <c>IdentityVerification:UseFakeProvider</c> is true (tests): elsewhere the port is left unregistered so a
    /// production deployment fails at start instead of trusting a fake (register the real provider's adapter first).
    /// </summary>
    public static IServiceCollection AddIdentityVerification(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() || configuration.GetValue("IdentityVerification:UseFakeProvider", false))
        {
            services.AddOptions<FakeIdentityVerificationOptions>().Bind(configuration.GetSection(FakeIdentityVerificationOptions.Section))
                .Validate(o => !string.IsNullOrEmpty(o.SigningKey), $"{FakeIdentityVerificationOptions.Section}:SigningKey is required for the fake provider.")
                .ValidateOnStart();
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<FakeIdentityVerificationProvider>();
            services.TryAddSingleton<IIdentityVerificationPort>(sp => sp.GetRequiredService<FakeIdentityVerificationProvider>());
        }

        return services;
    }
}
