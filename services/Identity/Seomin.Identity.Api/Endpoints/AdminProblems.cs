using Microsoft.AspNetCore.Http.HttpResults;

namespace Seomin.Identity.Api.Endpoints;

/// <summary>The administration API's Problem Details, each with a stable <c>errorCode</c>.</summary>
internal static class AdminProblems
{
    public static ProblemHttpResult NotFound(string errorCode, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", extensions: Code(errorCode));

    public static ProblemHttpResult Conflict(string errorCode, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", extensions: Code(errorCode));

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "One or more validation errors occurred.", extensions: Code("validation_failed"));

    /// <summary>
    /// 401 and 403 from the token validation carry no body: give them one (status-code pages, for those two only).
    /// </summary>
    public static async Task WriteAuthenticationProblemAsync(Microsoft.AspNetCore.Diagnostics.StatusCodeContext context)
    {
        var http = context.HttpContext;
        var (errorCode, title, detail) = http.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => ("unauthorized", "Unauthorized", "A valid access token of this token service is required."),
            StatusCodes.Status403Forbidden => ("forbidden", "Forbidden", "Only administrators (a person signed in with the second factor, or an internal system) may do this."),
            _ => ((string?)null, "", ""),
        };
        if (errorCode is null)
        {
            return;
        }

        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = http.Response.StatusCode,
                Title = title,
                Detail = detail,
                Extensions = { ["errorCode"] = errorCode },
            },
        });
    }

    private static Dictionary<string, object?> Code(string errorCode) => new() { ["errorCode"] = errorCode };
}
