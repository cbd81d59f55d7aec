using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;
using Seomin.Gateway.Clients;

namespace Seomin.Gateway.Tokens;

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string? Scope);

/// <summary>An RFC 6749 §5.2 error response.</summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description);

/// <summary>The embedded OAuth 2.0 token service: client credentials at <c>/connect/token</c> and the JWKS.</summary>
public static partial class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", IssueTokenAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("IssueToken")
            .WithSummary("OAuth 2.0 client-credentials grant")
            .WithTags("Token service");
        app.MapGet("/.well-known/jwks.json", GetJwks)
            .AllowAnonymous()
            .WithName("GetJwks")
            .WithSummary("Public signing keys (current and previous)")
            .WithTags("Token service");
        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, JsonHttpResult<OAuthError>>> IssueTokenAsync(
        HttpContext context,
        ClientStore store,
        TokenIssuer issuer,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("Seomin.Gateway.Tokens");
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType)
        {
            return Error(400, "invalid_request", "Send the request as application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (form["grant_type"] != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "Only the client_credentials grant is supported.");
        }

        if (!TryReadCredentials(context.Request, form, out var clientId, out var clientSecret))
        {
            return Error(401, "invalid_client", "Client authentication failed.");
        }

        var found = await store.FindWithSecretAsync(clientId, cancellationToken);
        if (found is not { } entry || !ClientSecretHasher.Verify(clientSecret, entry.SecretHash))
        {
            LogClientAuthenticationFailed(logger, clientId);
            return Error(401, "invalid_client", "Client authentication failed.");
        }

        if (!entry.Client.IsActive)
        {
            LogRevokedClientRequestedToken(logger, clientId);
            return Error(401, "invalid_client", "Client authentication failed.");
        }

        IReadOnlyCollection<string> granted = entry.Client.Scopes;
        var requested = form["scope"].ToString();
        if (entry.Client.Type == ClientType.Partner && !string.IsNullOrWhiteSpace(requested))
        {
            var requestedScopes = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (requestedScopes.Any(s => !entry.Client.Scopes.Contains(s)))
            {
                return Error(400, "invalid_scope", "A requested scope is not granted to this client.");
            }

            granted = requestedScopes.Distinct(StringComparer.Ordinal).ToArray();
        }

        var token = issuer.Issue(entry.Client, granted);
        LogTokenIssued(logger, clientId);
        return TypedResults.Ok(new TokenResponse(token.AccessToken, "Bearer", token.ExpiresIn, token.Scope));
    }

    public static IResult GetJwks(HttpContext context, SigningKeyStore keys)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        var jwks = keys.PublishedSigningKeys.Select(k =>
        {
            var parameters = k.Key.ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, string>
            {
                ["kty"] = "EC",
                ["crv"] = "P-256",
                ["use"] = "sig",
                ["alg"] = "ES256",
                ["kid"] = k.KeyId,
                ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
                ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
            };
        }).ToList();
        return TypedResults.Json(new Dictionary<string, object> { ["keys"] = jwks });
    }

    private static bool TryReadCredentials(HttpRequest request, IFormCollection form, out string clientId, out string clientSecret)
    {
        clientId = form["client_id"].ToString();
        clientSecret = form["client_secret"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var separator = decoded.IndexOf(':', StringComparison.Ordinal);
                if (separator > 0)
                {
                    // RFC 6749 §2.3.1: the id and secret are form-url-encoded before Basic encoding.
                    clientId = Uri.UnescapeDataString(decoded[..separator].Replace('+', ' '));
                    clientSecret = Uri.UnescapeDataString(decoded[(separator + 1)..].Replace('+', ' '));
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return clientId.Length is > 0 and <= 100 && clientSecret.Length is > 0 and <= 500;
    }

    private static JsonHttpResult<OAuthError> Error(int status, string error, string description) =>
        TypedResults.Json(new OAuthError(error, description), statusCode: status);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Client authentication failed for client {ClientId}")]
    private static partial void LogClientAuthenticationFailed(ILogger logger, string clientId);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Revoked client {ClientId} asked for a token")]
    private static partial void LogRevokedClientRequestedToken(ILogger logger, string clientId);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Token issued to client {ClientId}")]
    private static partial void LogTokenIssued(ILogger logger, string clientId);
}
