using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Seomin.ServiceDefaults.Problems;

internal static class ProblemDetailsExtensions
{
    public static IServiceCollection AddSeominProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}";
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            if (!context.ProblemDetails.Extensions.ContainsKey(ErrorCodes.ExtensionName))
            {
                context.ProblemDetails.Extensions[ErrorCodes.ExtensionName] =
                    context.ProblemDetails.Extensions.TryGetValue("rule", out var rule) && rule is string { Length: > 0 } code
                        ? code
                        : ErrorCodes.ForStatus(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
            }
            if (CorrelationHeaders.TryGetApiTransactionId(context.HttpContext.Request, out var tranId))
            {
                context.ProblemDetails.Extensions["apiTranId"] = tranId;
            }
        });
        services.AddExceptionHandler<SeominExceptionHandler>();
        return services;
    }
}

/// <summary>
/// The <c>errorCode</c> extension every Problem Details answer carries: a refused business rule's stable code, a code
/// set where the problem is made (e.g. <c>invalid_token</c>), or one per status.
/// </summary>
public static class ErrorCodes
{
    public const string ExtensionName = "errorCode";

    /// <summary>The code of a problem that did not set its own.</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "validation_failed",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status422UnprocessableEntity => "business_rule_violated",
        StatusCodes.Status503ServiceUnavailable => "service_unavailable",
        >= 500 => "internal_error",
        _ => "request_refused",
    };
}

/// <summary>Header names used for request correlation across gateway, services and partners.</summary>
public static class CorrelationHeaders
{
    /// <summary>The partner transaction id (Korean MyData convention), echoed on every response.</summary>
    public const string ApiTransactionId = "x-api-tran-id";

    /// <summary>Reads a well-formed transaction id (ASCII letters and digits, at most 64) from the request.</summary>
    public static bool TryGetApiTransactionId(HttpRequest request, out string value)
    {
        value = request.Headers[ApiTransactionId].ToString();
        return value.Length is > 0 and <= 64 && value.All(char.IsAsciiLetterOrDigit);
    }
}
