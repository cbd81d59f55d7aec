using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;
using Seomin.Access;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.Audit;
using Seomin.Identity.Api.Features.Clients;
using Seomin.Identity.Api.Features.Keys;
using Seomin.Identity.Api.Features.People;
using Seomin.Identity.Api.Features.Revocation;
using Seomin.Identity.Api.Features.Tokens;
using Seomin.Messaging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Seomin.Identity.Api;

/// <summary>Everything the token service owns, registered in one place so Program.cs reads as a table of contents.</summary>
public static class IdentityServiceCollectionExtensions
{
    /// <summary>The authorization policy of the administration API (<c>/admin/**</c>).</summary>
    public const string AdministratorPolicy = "administrator";

    public static IHostApplicationBuilder AddIdentityServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var settings = builder.Configuration.GetSection(TokenServiceOptions.SectionName).Get<TokenServiceOptions>() ?? new TokenServiceOptions();
        services.AddOptions<TokenServiceOptions>()
            .Bind(builder.Configuration.GetSection(TokenServiceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.AddIdentityDatabase();
        // Revocation and key-change notices, through the outbox; the token service consumes nothing.
        builder.AddMessaging<IdentityDbContext>(_ => { });

        // One Data Protection key ring for every replica, in the database: it protects the server keys at rest and the
        // sign-in cookies and antiforgery tokens.
        services.AddDataProtection().SetApplicationName("seomin-identity").PersistKeysToDbContext<IdentityDbContext>();

        AddPeople(services);
        AddOpenIddict(services, settings, builder.Environment);

        services.AddHttpContextAccessor();
        services.AddAntiforgery();
        services.AddScoped<SecurityAudit>();
        services.AddScoped<ClientRegistry>();
        services.AddScoped<TokenExchange>();
        services.AddScoped<AccessRevocation>();
        services.AddSingleton<ServerKeyRing>();
        services.AddScoped<ServerKeyStore>();
        services.AddHostedService<ServerKeyPoller>();
        services.AddSingleton<ServerKeyOptionsSetup>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<ServerKeyOptionsSetup>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(sp => sp.GetRequiredService<ServerKeyOptionsSetup>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictValidationOptions>, ValidationKeyChangeSource>();

        services.AddAuthorizationBuilder().AddPolicy(AdministratorPolicy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => AdministratorAccess.IsSatisfiedBy(context.User)));
        return builder;
    }

    private static void AddPeople(IServiceCollection services)
    {
        services.AddIdentity<StaffUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequireUppercase = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Password.RequireNonAlphanumeric = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<IdentityDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "seomin.signin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = AccountPaths.Login;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            cookie.SlidingExpiration = false;
        });
        services.AddScoped<StaffSignIn>();
    }

    private static void AddOpenIddict(IServiceCollection services, TokenServiceOptions settings, IHostEnvironment environment)
    {
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(settings.Issuer)
                    .SetTokenEndpointUris("connect/token")
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetEndSessionEndpointUris("connect/endsession")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");
                server.AllowClientCredentialsFlow().AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RequireProofKeyForCodeExchange();
                // Permitted scopes are checked by this service's own code (TokenExchange, the authorize endpoint), which
                // answers invalid_scope as RFC 6749 says; OpenIddict still refuses scopes that are not registered.
                server.IgnoreScopePermissions();
                server.RegisterScopes([OpenIddictConstants.Scopes.OpenId, OpenIddictConstants.Scopes.Profile, OpenIddictConstants.Scopes.OfflineAccess, .. ScopeCatalog.Resources.Keys]);
                // Access tokens are signed JWTs every service reads itself (RFC 9068); codes and refresh tokens stay encrypted.
                server.DisableAccessTokenEncryption();
                server.SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    .SetIdentityTokenLifetime(settings.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(settings.RefreshTokenLifetime)
                    .SetAuthorizationCodeLifetime(settings.AuthorizationCodeLifetime);
                // Rotation without grace: a refresh token that was used once never works again.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                server.Configure(options =>
                {
                    options.CodeChallengeMethods.Clear();
                    options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                server.AddEventHandler<OpenIddictServerEvents.HandleRevocationRequestContext>(handler => handler
                    .UseScopedHandler<RevocationNoticeHandler>()
                    .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1_000)
                    .SetType(OpenIddictServerHandlerType.Custom));

                var aspNetCore = server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (environment.IsDevelopment() || settings.AllowHttpInsideCluster)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                // The administration API checks this service's own tokens, including their database entry (revoked, or
                // issued to a revoked client or a rotated secret, they fail at once).
                validation.UseLocalServer();
                validation.EnableTokenEntryValidation();
                validation.AddAudiences(Audiences.Gateway);
                validation.UseAspNetCore();
            });
    }
}
