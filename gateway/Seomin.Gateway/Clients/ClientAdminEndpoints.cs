using Microsoft.AspNetCore.Http.HttpResults;
using Seomin.Gateway.Security;
using Seomin.Gateway.Tokens;

namespace Seomin.Gateway.Clients;

public sealed record CreateClientRequest(
    string ClientId,
    string DisplayName,
    ClientType ClientType,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Scopes,
    string? PartnerCode,
    int PerSecondLimit,
    int PerDayLimit);

public sealed record ClientCreated(string ClientId, string ClientSecret);

public sealed record SetQuotasRequest(int PerSecondLimit, int PerDayLimit);

public sealed record SigningKeyRotated(string KeyId);

/// <summary>Client management for administrators: create, list, revoke (effective at once), reinstate, new secret, quotas.</summary>
public static partial class ClientAdminEndpoints
{
    public static RouteGroupBuilder MapClientAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin")
            .RequireAuthorization(Policies.Administrator)
            .WithTags("Gateway administration");
        group.MapGet("/clients", ListClientsAsync).WithName("ListClients").WithSummary("All clients (no secrets)");
        group.MapPost("/clients", CreateClientAsync).WithName("CreateClient").WithSummary("Create a client; its secret is shown once");
        group.MapPost("/clients/{clientId}/revoke", RevokeClientAsync).WithName("RevokeClient").WithSummary("Revoke a client; its tokens stop working at once");
        group.MapPost("/clients/{clientId}/reinstate", ReinstateClientAsync).WithName("ReinstateClient").WithSummary("Reinstate a revoked client");
        group.MapPost("/clients/{clientId}/secret", RotateSecretAsync).WithName("RotateClientSecret").WithSummary("Issue a new secret; the old one stops working");
        group.MapPut("/clients/{clientId}/quotas", SetQuotasAsync).WithName("SetClientQuotas").WithSummary("Change the per-second and per-day quotas");
        group.MapPost("/signing-keys/rotate", RotateSigningKeyAsync).WithName("RotateSigningKey").WithSummary("Start signing with a new key; the previous one stays published");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<ClientRecord>>> ListClientsAsync(ClientStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    public static async Task<Results<Created<ClientCreated>, ProblemHttpResult>> CreateClientAsync(
        CreateClientRequest request,
        ClientStore store,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.Problem(statusCode: 400, title: "Validation failed",
                extensions: new Dictionary<string, object?> { ["errorCode"] = ErrorCodes.ValidationFailed, ["errors"] = errors });
        }

        var client = new ClientRecord(
            request.ClientId,
            request.DisplayName,
            request.ClientType,
            request.ClientType == ClientType.Internal ? request.Roles ?? [] : [],
            request.ClientType == ClientType.Partner ? request.Scopes ?? [] : [],
            request.ClientType == ClientType.Partner ? request.PartnerCode : null,
            request.PerSecondLimit,
            request.PerDayLimit,
            ClientStatus.Active,
            timeProvider.GetUtcNow(),
            null);
        var secret = ClientSecretHasher.NewSecret();
        if (!await store.TryCreateAsync(client, secret, cancellationToken))
        {
            return GatewayProblems.Create(409, ErrorCodes.Conflict, "Conflict", "The client id or partner code is already taken.");
        }

        return TypedResults.Created($"/admin/clients/{client.ClientId}", new ClientCreated(client.ClientId, secret));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeClientAsync(
        string clientId,
        ClientStore store,
        ClientCache cache,
        HttpContext context,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        if (!await store.RevokeAsync(clientId, cancellationToken))
        {
            return ClientNotFound();
        }

        cache.Invalidate(clientId);
        LogClientRevoked(loggerFactory.CreateLogger("Seomin.Gateway.Admin"), clientId, context.User.GetClientId() ?? "unknown");
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ReinstateClientAsync(
        string clientId,
        ClientStore store,
        ClientCache cache,
        CancellationToken cancellationToken)
    {
        if (!await store.ReinstateAsync(clientId, cancellationToken))
        {
            return ClientNotFound();
        }

        cache.Invalidate(clientId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ClientCreated>, ProblemHttpResult>> RotateSecretAsync(
        string clientId,
        ClientStore store,
        CancellationToken cancellationToken)
    {
        var secret = ClientSecretHasher.NewSecret();
        return await store.SetSecretAsync(clientId, secret, cancellationToken)
            ? TypedResults.Ok(new ClientCreated(clientId, secret))
            : ClientNotFound();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetQuotasAsync(
        string clientId,
        SetQuotasRequest request,
        ClientStore store,
        ClientCache cache,
        CancellationToken cancellationToken)
    {
        if (request.PerSecondLimit <= 0 || request.PerDayLimit <= 0)
        {
            return GatewayProblems.Create(400, ErrorCodes.ValidationFailed, "Validation failed", "Quotas must be positive.");
        }

        if (!await store.SetQuotasAsync(clientId, request.PerSecondLimit, request.PerDayLimit, cancellationToken))
        {
            return ClientNotFound();
        }

        cache.Invalidate(clientId);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<SigningKeyRotated>> RotateSigningKeyAsync(SigningKeyStore keys, CancellationToken cancellationToken)
    {
        var key = await keys.RotateAsync(cancellationToken);
        return TypedResults.Ok(new SigningKeyRotated(key.KeyId));
    }

    private static Dictionary<string, string[]> Validate(CreateClientRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.ClientId) || request.ClientId.Length > 100 || !request.ClientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors["clientId"] = ["1-100 letters, digits, '-', '_' or '.'."];
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > 200)
        {
            errors["displayName"] = ["Required, at most 200 characters."];
        }

        if (request.ClientType == ClientType.Internal && (request.Roles is not { Count: > 0 } || request.Roles.Any(r => !Vocabulary.Roles.Contains(r))))
        {
            errors["roles"] = [$"At least one of: {string.Join(", ", Vocabulary.Roles)}."];
        }

        if (request.ClientType == ClientType.Partner)
        {
            if (request.Scopes is not { Count: > 0 } || request.Scopes.Any(s => !Vocabulary.Scopes.Contains(s)))
            {
                errors["scopes"] = [$"At least one of: {string.Join(", ", Vocabulary.Scopes)}."];
            }

            if (string.IsNullOrWhiteSpace(request.PartnerCode) || request.PartnerCode.Length > 10 || !request.PartnerCode.All(char.IsAsciiLetterOrDigit))
            {
                errors["partnerCode"] = ["1-10 letters or digits (the institution code that prefixes x-api-tran-id)."];
            }
        }

        if (request.PerSecondLimit <= 0 || request.PerDayLimit <= 0)
        {
            errors["perSecondLimit"] = ["Quotas must be positive."];
        }

        return errors;
    }

    private static ProblemHttpResult ClientNotFound() =>
        GatewayProblems.Create(404, ErrorCodes.NotFound, "Not found", "No such client (or it is already in that state).");

    [LoggerMessage(EventId = 8601, Level = LogLevel.Warning, Message = "Client {ClientId} revoked by {AdministratorId}")]
    private static partial void LogClientRevoked(ILogger logger, string clientId, string administratorId);
}
