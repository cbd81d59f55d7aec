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
            if (CorrelationHeaders.TryGetApiTransactionId(context.HttpContext.Request, out var tranId))
            {
                context.ProblemDetails.Extensions["apiTranId"] = tranId;
            }
        });
        services.AddExceptionHandler<SeominExceptionHandler>();
        return services;
    }
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
