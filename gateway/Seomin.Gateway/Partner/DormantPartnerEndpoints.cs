using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Seomin.Access;
using Seomin.Gateway.Portal;
using Seomin.Gateway.Security;

namespace Seomin.Gateway.Partner;

/// <summary>Partner API v1 for dormant financial assets: lookup with consent, claim, claim status.</summary>
public static partial class DormantPartnerEndpoints
{
    public static RouteGroupBuilder MapDormantPartnerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/partner/v1/dormant-assets")
            .WithGroupName(PartnerEndpoints.DocumentName)
            .WithTags(PartnerEndpointTags.Partner)
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/lookups", LookUpAsync)
            .RequireAuthorization(Policies.ForScope(Scopes.DormantAssetsLookup))
            .WithMetadata(new PartnerScopeMetadata(Scopes.DormantAssetsLookup), new IdempotentMetadata())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("PartnerLookUpDormantAssets")
            .WithSummary("Look up a consenting customer's dormant assets (scope dormant-assets:lookup)")
            .WithDescription("Every asset of the verified customer across institutions, account numbers masked; the consent id and purpose are recorded.");
        group.MapPost("/claims", ClaimAsync)
            .RequireAuthorization(Policies.ForScope(Scopes.DormantAssetsClaim))
            .WithMetadata(new PartnerScopeMetadata(Scopes.DormantAssetsClaim), new IdempotentMetadata())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("PartnerClaimDormantAsset")
            .WithSummary("Claim one asset for the verified customer (scope dormant-assets:claim)")
            .WithDescription("Online claims pay up to ₩10M to an account in the customer's name; internal control may hold a claim for review.");
        group.MapGet("/claims/{claimId}", GetClaimAsync)
            .RequireAuthorization(Policies.ForScope(Scopes.DormantAssetsClaim))
            .WithMetadata(new PartnerScopeMetadata(Scopes.DormantAssetsClaim))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("PartnerGetDormantClaim")
            .WithSummary("Status of a claim this partner made (scope dormant-assets:claim)")
            .WithDescription("Another partner's claim answers 404, like one that does not exist.");
        return group;
    }

    public static async Task<Results<Ok<PartnerDormantLookup>, ProblemHttpResult>> LookUpAsync(
        PartnerDormantLookupRequest request, HttpContext context, ClaimsPrincipal user, DormantAssetsServiceClient service, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var headers = HeadersOf(context, user);
        try
        {
            var answer = await service.LookUpAsync(new DormantServiceLookup(request.VerificationId!, request.ConsentId!, request.Purpose!), headers, cancellationToken);
            return answer is { StatusCode: 200, Value: { } lookup }
                ? TypedResults.Ok(new PartnerDormantLookup(lookup.AssetCount, lookup.OutstandingTotal, [.. lookup.Assets.Select(PartnerDormantAsset.From)], headers.TransactionId))
                : Relay(answer.StatusCode, answer.Problem);
        }
        catch (ServiceUnavailableException)
        {
            return Unavailable();
        }
    }

    public static async Task<Results<Created<PartnerDormantClaim>, ProblemHttpResult>> ClaimAsync(
        PartnerDormantClaimRequest request, HttpContext context, ClaimsPrincipal user, DormantAssetsServiceClient service, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var headers = HeadersOf(context, user);
        try
        {
            var answer = await service.ClaimAsync(
                new DormantServiceClaim(request.VerificationId!, request.ConsentId!, request.AssetId!.Value, request.PayeeBankCode!, request.PayeeAccount!, request.ContactChangedOn),
                headers, cancellationToken);
            if (answer is not { StatusCode: 200 or 201, Value: { } claim })
            {
                return Relay(answer.StatusCode, answer.Problem);
            }

            LogClaimed(loggerFactory.CreateLogger("Seomin.Gateway.Partner"), headers.PartnerCode, claim.Id, claim.Status);
            return TypedResults.Created($"/partner/v1/dormant-assets/claims/{claim.Id}", PartnerDormantClaim.From(claim));
        }
        catch (ServiceUnavailableException)
        {
            return Unavailable();
        }
    }

    public static async Task<Results<Ok<PartnerDormantClaim>, ProblemHttpResult>> GetClaimAsync(
        string claimId, HttpContext context, ClaimsPrincipal user, DormantAssetsServiceClient service, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(claimId, out var id))
        {
            return NotFound();
        }

        try
        {
            var answer = await service.GetClaimAsync(id, HeadersOf(context, user), cancellationToken);
            return answer switch
            {
                { StatusCode: 200, Value: { } claim } => TypedResults.Ok(PartnerDormantClaim.From(claim)),
                { StatusCode: 404 } => NotFound(),
                _ => Relay(answer.StatusCode, answer.Problem),
            };
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

    private static ProblemHttpResult? Invalid(object request)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        if (results.Count == 0)
        {
            return null;
        }

        // Never echo the submitted values (a verification id names a person).
        var errors = results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("body").Select(m => (Member: JsonNamingPolicy.CamelCase.ConvertName(m), Message: $"{m} is missing or out of range.")))
            .GroupBy(e => e.Member)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray());
        return TypedResults.Problem(statusCode: 400, title: "Validation failed",
            extensions: new Dictionary<string, object?> { ["errorCode"] = ErrorCodes.ValidationFailed, ["errors"] = errors });
    }

    /// <summary>The service's refusals keep their status and rule (403 for someone else's asset, 422 for a rule); anything else is the gateway's.</summary>
    private static ProblemHttpResult Relay(int statusCode, GuaranteeServiceProblem? problem)
    {
        var (status, code, title) = statusCode switch
        {
            400 => (400, ErrorCodes.ValidationFailed, "Validation failed"),
            403 => (403, ErrorCodes.Forbidden, "Forbidden"),
            404 => (404, ErrorCodes.NotFound, "Not found"),
            409 => (409, ErrorCodes.Conflict, "Conflict"),
            422 => (422, ErrorCodes.BusinessRule, "Business rule violated"),
            429 or 503 => (503, ErrorCodes.UpstreamUnavailable, "Service unavailable"),
            _ => (502, ErrorCodes.UpstreamError, "Bad gateway"),
        };
        var extensions = new Dictionary<string, object?> { ["errorCode"] = code };
        string? detail = null;
        if (status is 400 or 403 or 409 or 422 && problem is not null)
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
        GatewayProblems.Create(404, ErrorCodes.NotFound, "Not found", "No claim with this id was made by this partner.");

    private static ProblemHttpResult Unavailable() =>
        GatewayProblems.Create(503, ErrorCodes.UpstreamUnavailable, "Service unavailable", "The dormant-assets service cannot be reached; retry later.");

    [LoggerMessage(EventId = 8511, Level = LogLevel.Information, Message = "Partner {PartnerCode} made dormant claim {ClaimId} ({Status})")]
    private static partial void LogClaimed(ILogger logger, string partnerCode, Guid claimId, string status);
}
