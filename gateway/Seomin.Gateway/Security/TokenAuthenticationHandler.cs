using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Seomin.Gateway.Clients;

namespace Seomin.Gateway.Security;

/// <summary>The client record behind the current request, for quotas.</summary>
public sealed record ClientContext(string ClientId, bool IsPartner, int PerSecondLimit, int PerDayLimit);

/// <summary>
/// Bearer authentication on <see cref="JsonWebTokenHandler"/> (the JwtBearer package does not restore here).
/// Only ES256/RS256 signatures, the expected issuer and audience, a lifetime, and an active client are accepted.
/// The token itself is never logged.
/// </summary>
public sealed partial class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IValidationKeySource keySource,
    ClientCache clients,
    ValidatedTokenCache validatedTokens,
    IOptions<GatewayOptions> gatewayOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "SeominBearer";

    private static readonly string[] QueryTokenNames = ["access_token", "token", "id_token", "jwt", "bearer"];
    private static readonly JsonWebTokenHandler TokenHandler = new() { MapInboundClaims = false };

    private readonly ILogger _securityLogger = loggerFactory.CreateLogger("Seomin.Gateway.Security");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (QueryTokenNames.Any(name => Request.Query.ContainsKey(name)))
        {
            Context.Items[FailureCodeKey] = ErrorCodes.TokenInQuery;
            LogTokenInQuery(_securityLogger, Request.Path);
            return AuthenticateResult.Fail("A token in the query string is refused.");
        }

        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = authorization["Bearer ".Length..].Trim();
        var identity = validatedTokens.Find(token) ?? await ValidateAsync(token);
        if (identity is null)
        {
            Context.Items[FailureCodeKey] = ErrorCodes.TokenInvalid;
            return AuthenticateResult.Fail("The access token is not valid.");
        }

        var clientId = identity.FindFirst(GatewayClaims.ClientId)?.Value ?? identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (string.IsNullOrEmpty(clientId))
        {
            Context.Items[FailureCodeKey] = ErrorCodes.TokenInvalid;
            return AuthenticateResult.Fail("The access token names no client.");
        }

        var client = await clients.GetAsync(clientId, Context.RequestAborted);
        var external = gatewayOptions.Value.Authority.IsConfigured;
        if ((client is null && !external) || client is { IsActive: false })
        {
            Context.Items[FailureCodeKey] = ErrorCodes.ClientRevoked;
            LogRevokedClient(_securityLogger, clientId);
            return AuthenticateResult.Fail("The client is revoked or unknown.");
        }

        var isPartner = identity.HasClaim(GatewayClaims.ClientType, GatewayClaims.Partner);
        Context.Features.Set(new ClientContext(
            clientId,
            isPartner,
            client?.PerSecondLimit ?? gatewayOptions.Value.DefaultPerSecondLimit,
            client?.PerDayLimit ?? gatewayOptions.Value.DefaultPerDayLimit));
        var principal = new ClaimsPrincipal(identity);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var code = Context.Items[FailureCodeKey] as string ?? ErrorCodes.TokenMissing;
        Response.Headers.WWWAuthenticate = code == ErrorCodes.TokenMissing
            ? "Bearer realm=\"seomin\""
            : "Bearer realm=\"seomin\", error=\"invalid_token\"";
        var detail = code switch
        {
            ErrorCodes.TokenInQuery => "Send the access token in the Authorization header, never in the query string.",
            ErrorCodes.ClientRevoked => "The client behind this token is revoked.",
            ErrorCodes.TokenInvalid => "The access token is expired, malformed, or not signed by a trusted key for this audience.",
            _ => "An access token is required: Authorization: Bearer <token>.",
        };
        return GatewayProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, code, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        GatewayProblems.WriteAsync(
            Context,
            StatusCodes.Status403Forbidden,
            ErrorCodes.Forbidden,
            "Forbidden",
            "The token does not carry a role or scope that allows this request.");

    private const string FailureCodeKey = "Seomin.Gateway.AuthFailure";

    private async Task<ClaimsIdentity?> ValidateAsync(string token)
    {
        var keyId = TryReadKeyId(token);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = keySource.Issuer,
            ValidAudience = keySource.Audience,
            IssuerSigningKeys = await keySource.GetKeysAsync(keyId, Context.RequestAborted),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256],
            ValidTypes = keySource.RequireAccessTokenType ? ["at+jwt"] : null,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = GatewayClaims.ClientId,
            RoleClaimType = GatewayClaims.Role,
        };

        var result = await TokenHandler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            // The exception type says why (expired, bad signature, audience) without carrying the token.
            LogTokenRejected(_securityLogger, result.Exception?.GetType().Name ?? "unknown", Request.Path);
            return null;
        }

        validatedTokens.Add(token, result.ClaimsIdentity, result.SecurityToken.ValidTo);
        return result.ClaimsIdentity;
    }

    private static string? TryReadKeyId(string token)
    {
        try
        {
            return TokenHandler.CanReadToken(token) ? new JsonWebToken(token).Kid : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 8301, Level = LogLevel.Warning, Message = "Refused a token in the query string on {Path}")]
    private static partial void LogTokenInQuery(ILogger logger, PathString path);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Warning, Message = "Rejected an access token ({Reason}) on {Path}")]
    private static partial void LogTokenRejected(ILogger logger, string reason, PathString path);

    [LoggerMessage(EventId = 8303, Level = LogLevel.Warning, Message = "Rejected a token of revoked or unknown client {ClientId}")]
    private static partial void LogRevokedClient(ILogger logger, string clientId);
}
