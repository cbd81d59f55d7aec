using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Seomin.Access;

public static class TokenValidationExtensions
{
    /// <summary>The HttpClient (with service discovery and resilience from ServiceDefaults) that reads metadata and keys.</summary>
    public const string MetadataHttpClient = "seomin-identity-metadata";

    /// <summary>
    /// Validates every request's access token itself: JwtBearer against the token service's metadata and keys
    /// (<see cref="AccessOptions"/>), audience <paramref name="audience"/>, <c>typ: at+jwt</c>, no inbound claim
    /// mapping, revocation checked; deny by default (every endpoint needs a valid token unless it allows anonymous).
    /// 401 and 403 are Problem Details.
    /// </summary>
    public static TBuilder AddSeominTokenValidation<TBuilder>(this TBuilder builder, string audience)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITokenRevocations, InMemoryTokenRevocations>();
        services.TryAddSingleton<AccessKeyRefresher>();
        services.AddHostedService<RevocationListLoader>();
        services.AddHttpClient(MetadataHttpClient)
            .AddHttpMessageHandler(sp => new IssuerToAuthorityHandler(sp.GetRequiredService<IOptions<AccessOptions>>()));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessOptions>, IHttpClientFactory, IHostEnvironment, TimeProvider, ILoggerFactory>(
                (jwt, access, httpClients, environment, time, loggers) =>
            {
                var options = access.Value;
                jwt.MapInboundClaims = false;
                jwt.Audience = audience;
                jwt.MetadataAddress = new Uri(options.Authority, ".well-known/openid-configuration").ToString();
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata ?? !environment.IsDevelopment();
                jwt.Backchannel = httpClients.CreateClient(MetadataHttpClient);
                var metadata = new TokenServiceMetadata(
                    jwt.MetadataAddress, jwt.Backchannel, jwt.RequireHttpsMetadata, options, time, loggers.CreateLogger<TokenServiceMetadata>());
                jwt.ConfigurationManager = metadata;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new CachingJsonWebTokenHandler(metadata, time) { MapInboundClaims = false });
                jwt.RefreshOnIssuerKeyNotFound = true;
                jwt.TokenValidationParameters.ValidAudience = audience;
                jwt.TokenValidationParameters.ValidIssuer = string.IsNullOrWhiteSpace(options.Issuer) ? null : options.Issuer;
                jwt.TokenValidationParameters.ValidTypes = ["at+jwt"];
                jwt.TokenValidationParameters.NameClaimType = SeominClaims.Subject;
                jwt.TokenValidationParameters.RoleClaimType = SeominClaims.Role;
                jwt.TokenValidationParameters.ClockSkew = options.ClockSkew;
                jwt.TokenValidationParameters.RequireSignedTokens = true;
                jwt.TokenValidationParameters.RequireExpirationTime = true;
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = RefuseRevoked,
                    OnChallenge = WriteUnauthorizedAsync,
                    OnForbidden = WriteForbiddenAsync,
                };
            });

        // The service's own document ("v1"); other documents (the gateway's partner document) declare their own security.
        services.Configure<OpenApiOptions>("v1", options =>
        {
            options.AddDocumentTransformer<AccessOpenApi>();
            options.AddOperationTransformer<AccessOpenApi>();
        });
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure(authorization =>
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build());
        return builder;
    }

    private static Task RefuseRevoked(TokenValidatedContext context)
    {
        var user = context.Principal ?? new ClaimsPrincipal();
        var issuedAt = long.TryParse(user.FindFirst(SeominClaims.IssuedAt)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var iat)
            ? DateTimeOffset.FromUnixTimeSeconds(iat)
            : DateTimeOffset.MinValue;
        var revocations = context.HttpContext.RequestServices.GetRequiredService<ITokenRevocations>();
        if (revocations.IsRevoked(user.FindFirst(SeominClaims.TokenId)?.Value, user.GetSubject(), user.GetClientId(), issuedAt))
        {
            context.Fail("The token has been revoked.");
        }

        return Task.CompletedTask;
    }

    private static async Task WriteUnauthorizedAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var invalid = context.AuthenticateFailure is not null || !string.IsNullOrEmpty(context.Error);
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = invalid ? "Bearer error=\"invalid_token\"" : "Bearer";
        await WriteProblemAsync(
            http,
            StatusCodes.Status401Unauthorized,
            invalid ? "invalid_token" : "unauthorized",
            "Unauthorized",
            invalid ? "The access token is not valid for this service." : "An access token for this service is required.");
    }

    private static Task WriteForbiddenAsync(ForbiddenContext context) =>
        WriteProblemAsync(
            context.HttpContext,
            StatusCodes.Status403Forbidden,
            "forbidden",
            "Forbidden",
            "The token's roles or scopes do not allow this call.");

    private static async Task WriteProblemAsync(HttpContext http, int status, string errorCode, string title, string detail)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetService<IProblemDetailsService>();
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["errorCode"] = errorCode;
        if (problems is null || !await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            await http.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
        }
    }

    /// <summary>Turns requests for the public issuer's URLs (the JWKS named in the metadata) into the internal authority's.</summary>
    private sealed class IssuerToAuthorityHandler(IOptions<AccessOptions> options) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var access = options.Value;
            if (request.RequestUri is { } uri
                && Uri.TryCreate(access.Issuer, UriKind.Absolute, out var issuer)
                && Uri.Compare(uri, issuer, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                && Uri.Compare(issuer, access.Authority, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                var path = uri.AbsolutePath;
                var issuerPath = issuer.AbsolutePath.TrimEnd('/');
                if (issuerPath.Length > 0 && path.StartsWith(issuerPath, StringComparison.Ordinal))
                {
                    path = path[issuerPath.Length..];
                }

                request.RequestUri = new Uri(access.Authority, path.TrimStart('/') + uri.Query);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Makes this instance read the token service's keys again now (after a rotation notice).</summary>
public sealed class AccessKeyRefresher(IOptionsMonitor<JwtBearerOptions> jwtOptions)
{
    public void RequestRefresh() =>
        jwtOptions.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager?.RequestRefresh();
}
