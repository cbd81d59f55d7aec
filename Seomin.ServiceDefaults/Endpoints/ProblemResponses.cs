using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Seomin.ServiceDefaults.Endpoints;

/// <summary>OpenAPI documentation of the Problem Details answers that the one exception handler gives.</summary>
public static class ProblemResponses
{
    /// <summary>Every endpoint of the group may answer 400 (validation) and 500 (unexpected) as Problem Details.</summary>
    public static RouteGroupBuilder WithStandardProblems(this RouteGroupBuilder group) => group
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status500InternalServerError);

    /// <summary>The endpoint's own refusals, as Problem Details: e.g. 404 (not found), 409 (state), 422 (rule).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
