using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Seomin.ServiceDefaults.Problems;

/// <summary>
/// The one place where exceptions become RFC 9457 Problem Details: bad request bodies (with the field),
/// the shared and the service-declared domain exceptions (<see cref="DomainExceptionMapping"/>), concurrency and
/// unique-key conflicts; anything else is a 500 without internals.
/// </summary>
internal sealed partial class SeominExceptionHandler(
    IProblemDetailsService problemDetails,
    IOptions<DomainExceptionMapping> domainExceptions,
    ILogger<SeominExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception, domainExceptions.Value);
        if (problem.Status >= 500)
        {
            LogUnhandled(logger, exception.GetType().FullName ?? "Exception", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    internal static ProblemDetails Map(Exception exception, DomainExceptionMapping? domainExceptions = null) =>
        domainExceptions is not null && domainExceptions.TryMap(exception, out var status, out var rule)
            ? FromDomain(status, rule, exception.Message)
            : Map(exception);

    internal static ProblemDetails Map(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => Validation(FieldOf(json.Path), "The value is not valid for this field."),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", "The request body exceeds the allowed size."),
        BadHttpRequestException bad => Problem(StatusCodes.Status400BadRequest, "Bad request", Sanitize(bad.Message)),
        JsonException json => Validation(FieldOf(json.Path), "The value is not valid for this field."),
        DomainValidationException v => new HttpValidationProblemDetails(v.Errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        },
        NotFoundException nf => Problem(StatusCodes.Status404NotFound, "Not found", nf.Message),
        ConflictException c => Problem(StatusCodes.Status409Conflict, "Conflict", c.Message),
        BusinessRuleException rule => WithRule(Problem(StatusCodes.Status422UnprocessableEntity, "Business rule violated", rule.Message), rule.Rule),
        DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "Concurrency conflict",
            "The resource was changed by another request. Reload it and try again."),
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
            Problem(StatusCodes.Status409Conflict, "Conflict", "A resource with the same key already exists."),
        _ when IsDatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            "The service's database could not complete the request right now (unreachable, restarting or a transient conflict); nothing was changed. Retry after a few seconds."),
        _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred",
            "The error has been logged. Quote the trace id when you report it."),
    };

    private const string RetryAfterSeconds = "5";

    /// <summary>
    /// The database is down, restarting or refusing connections (Npgsql marks those failures transient: refused or
    /// broken connections, timeouts, 57P01–57P03 shutdowns, pool exhaustion), possibly wrapped by EF Core. The
    /// request's transaction did not commit, so the client may retry: 503 with Retry-After, not a 500.
    /// </summary>
    internal static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or RetryLimitExceededException)
            {
                return true;
            }
        }

        return false;
    }

    private static ProblemDetails FromDomain(int status, string? rule, string message) => status switch
    {
        StatusCodes.Status422UnprocessableEntity => WithRule(Problem(status, "Business rule violated", message), rule ?? "BusinessRule"),
        StatusCodes.Status409Conflict => Problem(status, "Conflict", message),
        _ => Problem(status, "Request refused", message),
    };

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails WithRule(ProblemDetails problem, string rule)
    {
        problem.Extensions["rule"] = rule;
        return problem;
    }

    private static HttpValidationProblemDetails Validation(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        };

    // "$.applicant.amount" -> "applicant.amount"; the value itself is never echoed (it may be personal data).
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    // Kestrel's messages name the parameter, not its value; anything longer is summarised.
    private static string Sanitize(string message) => message.Length <= 200 ? message : "The request is malformed.";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string method, string path);
}
