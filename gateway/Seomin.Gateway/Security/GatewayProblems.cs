using Microsoft.AspNetCore.Http.HttpResults;

namespace Seomin.Gateway.Security;

/// <summary>Stable business error codes (the <c>errorCode</c> extension of every gateway Problem Details).</summary>
public static class ErrorCodes
{
    public const string TokenMissing = "GW-AUTH-001";
    public const string TokenInvalid = "GW-AUTH-002";
    public const string TokenInQuery = "GW-AUTH-003";
    public const string TokenRevoked = "GW-AUTH-004";
    public const string Forbidden = "GW-AUTH-005";
    public const string RateLimited = "GW-QUOTA-001";
    public const string DailyQuotaExceeded = "GW-QUOTA-002";
    public const string BodyTooLarge = "GW-REQ-001";
    public const string InvalidTransactionId = "GW-REQ-002";
    public const string ValidationFailed = "GW-REQ-003";
    public const string NotFound = "GW-RES-001";
    public const string Conflict = "GW-RES-002";
    public const string BusinessRule = "GW-RES-003";
    public const string UpstreamUnavailable = "GW-UP-001";
    public const string UpstreamTimeout = "GW-UP-002";
    public const string UpstreamError = "GW-UP-003";

    /// <summary>The token service (sign-in, tokens) cannot be reached; the code the token service's clients already know.</summary>
    public const string TokenServiceUnavailable = "token_service_unavailable";
}

public static class GatewayProblems
{
    public static ProblemHttpResult Create(int status, string errorCode, string title, string? detail = null) =>
        TypedResults.Problem(
            statusCode: status,
            title: title,
            detail: detail,
            extensions: new Dictionary<string, object?> { ["errorCode"] = errorCode });

    /// <summary>Writes a Problem Details response from middleware, where no endpoint result is available.</summary>
    public static Task WriteAsync(HttpContext context, int status, string errorCode, string title, string? detail = null)
    {
        context.Response.StatusCode = status;
        return Create(status, errorCode, title, detail).ExecuteAsync(context);
    }
}
