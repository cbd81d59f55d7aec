using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Seomin.Access;
using Seomin.Gateway.Portal;
using Seomin.Gateway.Security;

namespace Seomin.Gateway.Partner;

/// <summary>Partner API v1: what partner fintechs may call, with their own identity and nothing more.</summary>
public static partial class PartnerEndpoints
{
    public const string DocumentName = "partner";

    public static RouteGroupBuilder MapPartnerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/partner/v1")
            .WithGroupName(DocumentName)
            .WithTags(PartnerEndpointTags.Partner)
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/products", GetProductsAsync)
            .RequireAuthorization(Policies.ForScope(Scopes.ProductsRead))
            .WithMetadata(new PartnerScopeMetadata(Scopes.ProductsRead))
            .WithName("PartnerListProducts")
            .WithSummary("Guarantee product catalogue (scope products:read)")
            .WithDescription("The guarantee products in force, with their limits, terms and rates.");
        group.MapPost("/guarantee-applications", SubmitApplicationAsync)
            .RequireAuthorization(Policies.ForScope(Scopes.GuaranteesApply))
            .WithMetadata(new PartnerScopeMetadata(Scopes.GuaranteesApply), new IdempotentMetadata())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("PartnerSubmitGuaranteeApplication")
            .WithSummary("Apply for a guarantee on behalf of a consenting customer (scope guarantees:apply)")
            .WithDescription("Only the fields of the request schema are forwarded; the partner code and channel come from the token.");
        group.MapGet("/guarantee-applications/{applicationId}", GetApplicationAsync)
            .RequireAuthorization(Policies.ForScope(Scopes.GuaranteesApply))
            .WithMetadata(new PartnerScopeMetadata(Scopes.GuaranteesApply))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("PartnerGetGuaranteeApplication")
            .WithSummary("Status of an application this partner submitted (scope guarantees:apply)")
            .WithDescription("Another partner's application answers 404, like one that does not exist.");
        return group;
    }

    public static async Task<Results<Ok<IReadOnlyList<PartnerProduct>>, ProblemHttpResult>> GetProductsAsync(
        HttpContext context,
        ClaimsPrincipal user,
        GuaranteeServiceClient guarantee,
        CancellationToken cancellationToken)
    {
        try
        {
            var response = await guarantee.GetProductsAsync(context.Request.QueryString, HeadersOf(context, user), cancellationToken);
            if (response is not { StatusCode: 200, Value: { } products })
            {
                return Relay(response.StatusCode, response.Problem);
            }

            IReadOnlyList<PartnerProduct> inForce = [.. products.Where(p => p.InForce is not null).Select(p => PartnerProduct.From(p.InForce!))];
            return TypedResults.Ok(inForce);
        }
        catch (ServiceUnavailableException)
        {
            return Unavailable();
        }
    }

    public static async Task<Results<Created<PartnerApplicationAccepted>, ProblemHttpResult>> SubmitApplicationAsync(
        PartnerGuaranteeApplicationRequest request,
        HttpContext context,
        ClaimsPrincipal user,
        GuaranteeServiceClient guarantee,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.Problem(
                statusCode: 400,
                title: "Validation failed",
                extensions: new Dictionary<string, object?> { ["errorCode"] = ErrorCodes.ValidationFailed, ["errors"] = errors });
        }

        var headers = HeadersOf(context, user);
        var forwarded = GuaranteeServiceApplication.From(request, headers.PartnerCode);
        try
        {
            var response = await guarantee.SubmitApplicationAsync(forwarded, headers, cancellationToken);
            if (response is not { StatusCode: 200 or 201, Value: { } application })
            {
                return Relay(response.StatusCode, response.Problem);
            }

            var applicationId = application.Id.ToString();
            LogApplicationSubmitted(loggerFactory.CreateLogger("Seomin.Gateway.Partner"), headers.PartnerCode, applicationId);
            return TypedResults.Created(
                $"/partner/v1/guarantee-applications/{Uri.EscapeDataString(applicationId)}",
                new PartnerApplicationAccepted(applicationId, application.Status, headers.TransactionId));
        }
        catch (ServiceUnavailableException)
        {
            return Unavailable();
        }
    }

    public static async Task<Results<Ok<PartnerApplicationStatus>, ProblemHttpResult>> GetApplicationAsync(
        string applicationId,
        HttpContext context,
        ClaimsPrincipal user,
        GuaranteeServiceClient guarantee,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var headers = HeadersOf(context, user);
        if (!Guid.TryParse(applicationId, out _))
        {
            return NotFound();
        }

        try
        {
            var response = await guarantee.GetApplicationAsync(applicationId, headers, cancellationToken);
            if (response is { StatusCode: 200, Value: { } application })
            {
                return TypedResults.Ok(PartnerApplicationStatus.From(application));
            }

            if (response.StatusCode == StatusCodes.Status404NotFound)
            {
                // Another partner's application or none: the guarantee service answers the same 404 either way.
                LogForeignApplicationRequested(loggerFactory.CreateLogger("Seomin.Gateway.Partner"), headers.PartnerCode, headers.ClientId);
                return NotFound();
            }

            return Relay(response.StatusCode, response.Problem);
        }
        catch (ServiceUnavailableException)
        {
            return Unavailable();
        }
    }

    private static PartnerHeaders HeadersOf(HttpContext context, ClaimsPrincipal user)
    {
        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        return new PartnerHeaders(
            user.GetPartnerCode() ?? throw new InvalidOperationException("A partner policy admitted a token without a partner code."),
            user.GetClientId() ?? string.Empty,
            context.Request.Headers.Authorization.ToString(),
            TransactionIds.Current(context),
            idempotencyKey.Length is > 0 and <= 100 ? idempotencyKey : null);
    }

    private static Dictionary<string, string[]> Validate(PartnerGuaranteeApplicationRequest request)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        if (request.Applicant is { } applicant)
        {
            Validator.TryValidateObject(applicant, new ValidationContext(applicant), results, validateAllProperties: true);
        }

        if (request.Consent is { } consent)
        {
            Validator.TryValidateObject(consent, new ValidationContext(consent), results, validateAllProperties: true);
        }

        if (request.Applicant?.WorkingDaysLastThreeMonths is { Length: 3 } days && days.Any(d => d is < 0 or > 31))
        {
            results.Add(new ValidationResult("out of range", [nameof(PartnerApplicant.WorkingDaysLastThreeMonths)]));
        }

        // Never echo the submitted values back: the applicant's number must not appear in a response.
        return results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("body").Select(m => (Member: JsonNamingPolicy.CamelCase.ConvertName(m), Message: $"{m} is missing or out of range.")))
            .GroupBy(e => e.Member)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray());
    }

    private static ProblemHttpResult Relay(int statusCode, GuaranteeServiceProblem? problem)
    {
        var (status, code, title) = statusCode switch
        {
            400 => (400, ErrorCodes.ValidationFailed, "Validation failed"),
            404 => (404, ErrorCodes.NotFound, "Not found"),
            409 => (409, ErrorCodes.Conflict, "Conflict"),
            422 => (422, ErrorCodes.BusinessRule, "Business rule violated"),
            429 or 503 => (503, ErrorCodes.UpstreamUnavailable, "Service unavailable"),
            _ => (502, ErrorCodes.UpstreamError, "Bad gateway"),
        };
        var extensions = new Dictionary<string, object?> { ["errorCode"] = code };
        string? detail = null;
        if (status is 400 or 409 or 422 && problem is not null)
        {
            detail = problem.Detail;
            if (problem.Errors is { } errors)
            {
                extensions["errors"] = errors;
            }

            if (problem.Rule is { } rule)
            {
                extensions["rule"] = rule;
            }
        }

        return TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
    }

    private static ProblemHttpResult NotFound() =>
        GatewayProblems.Create(404, ErrorCodes.NotFound, "Not found", "No application with this id was submitted by this partner.");

    private static ProblemHttpResult Unavailable() =>
        GatewayProblems.Create(503, ErrorCodes.UpstreamUnavailable, "Service unavailable", "The guarantee service cannot be reached; retry later.");

    [LoggerMessage(EventId = 8501, Level = LogLevel.Information, Message = "Partner {PartnerCode} submitted guarantee application {ApplicationId}")]
    private static partial void LogApplicationSubmitted(ILogger logger, string partnerCode, string applicationId);

    [LoggerMessage(EventId = 8502, Level = LogLevel.Warning, Message = "Partner {PartnerCode} (client {ClientId}) requested an application it did not submit, or none")]
    private static partial void LogForeignApplicationRequested(ILogger logger, string partnerCode, string clientId);
}

/// <summary>
/// The body the gateway sends to the guarantee service (its <c>SubmitApplicationRequest</c>): the partner's
/// allowed fields plus the trusted channel and partner. The service ignores the fields it does not model.
/// </summary>
public sealed record GuaranteeServiceApplication(
    string ProductCode,
    string Channel,
    string PartnerCode,
    string ApplicantName,
    [property: JsonPropertyName("rrn")] string ResidentRegistrationNumber,
    long AnnualIncome,
    int EmploymentMonths,
    int CreditScore,
    decimal CreditPercentile,
    long RequestedAmount,
    int TermMonths,
    string LenderCode,
    string ConsentId,
    DateTimeOffset ConsentedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int[]? WorkingDaysLastThreeMonths,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PartnerYouthStatus? YouthStatus)
{
    public static GuaranteeServiceApplication From(PartnerGuaranteeApplicationRequest request, string partnerCode) => new(
        request.ProductCode!,
        "Partner",
        partnerCode,
        request.Applicant!.Name!,
        request.Applicant.ResidentRegistrationNumber!,
        request.Applicant.AnnualIncome!.Value,
        request.Applicant.EmploymentMonths!.Value,
        request.Applicant.CreditScore!.Value,
        request.Applicant.CreditPercentile!.Value,
        request.RequestedAmount!.Value,
        request.TermMonths!.Value,
        request.LenderCode!,
        request.Consent!.ConsentId!,
        request.Consent.ConsentedAt!.Value,
        request.Applicant.WorkingDaysLastThreeMonths,
        request.Applicant.YouthStatus);
}
