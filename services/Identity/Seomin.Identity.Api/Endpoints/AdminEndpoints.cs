using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Seomin.Access;
using Seomin.Identity.Api.Data;
using Seomin.Identity.Api.Features.Audit;
using Seomin.Identity.Api.Features.Clients;
using Seomin.Identity.Api.Features.Keys;
using Seomin.Identity.Api.Features.Revocation;
using Seomin.ServiceDefaults.Endpoints;

namespace Seomin.Identity.Api.Endpoints;

public sealed record CreateClientRequest(
    string? ClientId,
    string? DisplayName,
    string? ClientType,
    IReadOnlyList<string>? Scopes,
    IReadOnlyList<string>? Roles,
    string? PartnerCode,
    string? InstitutionCode,
    int? QuotaPerSecond,
    int? QuotaPerDay);

/// <summary>A new client and its secret: the only time the secret is shown.</summary>
public sealed record CreatedClient(ClientView Client, string ClientSecret);

public sealed record RotatedSecret(string ClientId, string ClientSecret, DateTimeOffset RotatedAt);

public sealed record QuotaChange(int? QuotaPerSecond, int? QuotaPerDay);

/// <summary>
/// Administration of system clients and signing keys (<c>/admin/**</c>, routed by the gateway): administrators only —
/// a person signed in with the second factor, or an internal system with the administrator role — checked against this
/// service's own tokens and their database entries. Every change is audited; revoking a client or rotating its secret
/// ends its tokens at once (introspection, and <c>AccessRevoked</c> for the services).
/// </summary>
public static class AdminEndpoints
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").RequireAuthorization(IdentityServiceCollectionExtensions.AdministratorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var clients = group.MapGroup("/clients").WithTags("Clients");
        clients.MapGet("/", ListClientsAsync).WithName("ListClients").WithSummary("System clients, one page at a time");
        clients.MapGet("/{clientId}", GetClientAsync).WithName("GetClient").WithSummary("One system client (never its secret)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapPost("/", CreateClientAsync).WithName("CreateClient").WithSummary("Registers a system client; its secret is returned once")
            .ProducesProblem(StatusCodes.Status409Conflict);
        clients.MapPost("/{clientId}/secret", RotateSecretAsync).WithName("RotateClientSecret")
            .WithSummary("A new secret replaces the old one now; tokens issued with the old one stop working")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        clients.MapPost("/{clientId}/revoke", RevokeClientAsync).WithName("RevokeClient")
            .WithSummary("The client gets no more tokens and its existing tokens stop working now")
            .ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapPatch("/{clientId}/quotas", ChangeQuotasAsync).WithName("ChangeClientQuotas")
            .WithSummary("Per-second and per-day quotas (they apply to tokens issued from now)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var keys = group.MapGroup("/signing-keys").WithTags("Signing keys");
        keys.MapGet("/", ListKeysAsync).WithName("ListSigningKeys").WithSummary("Signing keys: the one signing, retired ones still published, withdrawn ones");
        keys.MapPost("/rotate", RotateKeyAsync).WithName("RotateSigningKey")
            .WithSummary("A new key signs from now; the old one stays in the JWKS until every token it signed has expired");
        keys.MapPost("/{keyId}/withdraw", WithdrawKeyAsync).WithName("WithdrawSigningKey")
            .WithSummary("Out of the JWKS now (a compromised key); tokens it signed stop validating")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<PagedResult<ClientView>>, ValidationProblem>> ListClientsAsync(
        ClientRegistry registry, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken cancellationToken)
    {
        var p = page ?? 1;
        var size = pageSize ?? Paging.DefaultPageSize;
        var errors = new Dictionary<string, string[]>();
        if (p < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return AdminProblems.Invalid(errors);
        }

        var (items, total) = await registry.ListAsync(p, size, cancellationToken);
        return TypedResults.Ok(new PagedResult<ClientView>(items, p, size, total));
    }

    private static async Task<Results<Ok<ClientView>, ProblemHttpResult>> GetClientAsync(string clientId, ClientRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetAsync(clientId, cancellationToken) is { } client ? TypedResults.Ok(client) : UnknownClient(clientId);

    private static async Task<Results<Created<CreatedClient>, ValidationProblem, ProblemHttpResult>> CreateClientAsync(
        CreateClientRequest request, HttpContext http, ClientRegistry registry, SecurityAudit audit, CancellationToken cancellationToken)
    {
        var registration = new ClientRegistration(
            request.ClientId?.Trim() ?? "",
            request.DisplayName?.Trim() ?? "",
            request.ClientType ?? "",
            request.Scopes?.Distinct(StringComparer.Ordinal).ToList() ?? [],
            request.Roles?.Distinct(StringComparer.Ordinal).ToList() ?? [],
            request.PartnerCode is { Length: > 0 } partner ? partner.Trim() : null,
            request.InstitutionCode is { Length: > 0 } institution ? institution.Trim() : null,
            request.QuotaPerSecond ?? 0,
            request.QuotaPerDay ?? 0);
        var errors = ClientRules.Validate(registration);
        if (errors.Count > 0)
        {
            return AdminProblems.Invalid(errors);
        }

        if (await registry.ExistsAsync(registration.ClientId, cancellationToken))
        {
            return AdminProblems.Conflict("client_exists", $"A client '{registration.ClientId}' already exists.");
        }

        var secret = ClientRegistry.NewSecret();
        audit.Record(SecurityEventKinds.ClientCreated, registration.ClientId, Actor(http), registration.ClientId,
            $"{registration.ClientType}; scopes {string.Join(' ', registration.Scopes)}");
        await registry.CreateAsync(registration, secret, cancellationToken);
        var view = (await registry.GetAsync(registration.ClientId, cancellationToken))!;
        return TypedResults.Created($"/admin/clients/{Uri.EscapeDataString(view.ClientId)}", new CreatedClient(view, secret));
    }

    private static async Task<Results<Ok<RotatedSecret>, ProblemHttpResult>> RotateSecretAsync(
        string clientId, HttpContext http, IdentityDbContext db, ClientRegistry registry, IOpenIddictApplicationManager applications,
        AccessRevocation revocation, CancellationToken cancellationToken)
    {
        var profile = await db.ClientProfiles.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (profile is null || application is null)
        {
            return UnknownClient(clientId);
        }

        if (profile.Status != ClientStatus.Active)
        {
            return AdminProblems.Conflict("client_revoked", $"Client '{clientId}' is revoked; a revoked client gets no new secret.");
        }

        var secret = ClientRegistry.NewSecret();
        await revocation.RevokeClientAsync(
            clientId,
            (await applications.GetIdAsync(application, cancellationToken))!,
            "secret-rotated",
            SecurityEventKinds.ClientSecretRotated,
            Actor(http),
            () => registry.RotateSecretAsync(profile, secret, cancellationToken),
            cancellationToken);
        return TypedResults.Ok(new RotatedSecret(clientId, secret, profile.SecretRotatedAt!.Value));
    }

    private static async Task<Results<Ok<ClientView>, ProblemHttpResult>> RevokeClientAsync(
        string clientId, HttpContext http, IdentityDbContext db, ClientRegistry registry, IOpenIddictApplicationManager applications,
        AccessRevocation revocation, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var profile = await db.ClientProfiles.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (profile is null || application is null)
        {
            return UnknownClient(clientId);
        }

        if (profile.Status == ClientStatus.Active)
        {
            await revocation.RevokeClientAsync(
                clientId,
                (await applications.GetIdAsync(application, cancellationToken))!,
                "client-revoked",
                SecurityEventKinds.ClientRevoked,
                Actor(http),
                () =>
                {
                    profile.Status = ClientStatus.Revoked;
                    profile.RevokedAt = timeProvider.GetUtcNow();
                    return Task.CompletedTask;
                },
                cancellationToken);
        }

        return TypedResults.Ok((await registry.GetAsync(clientId, cancellationToken))!);
    }

    private static async Task<Results<Ok<ClientView>, ValidationProblem, ProblemHttpResult>> ChangeQuotasAsync(
        string clientId, QuotaChange change, HttpContext http, IdentityDbContext db, ClientRegistry registry, SecurityAudit audit, CancellationToken cancellationToken)
    {
        var profile = await db.ClientProfiles.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (profile is null)
        {
            return UnknownClient(clientId);
        }

        var perSecond = change.QuotaPerSecond ?? profile.QuotaPerSecond;
        var perDay = change.QuotaPerDay ?? profile.QuotaPerDay;
        var errors = ClientRules.ValidateQuotas(perSecond, perDay).ToDictionary(e => e.Field, e => new[] { e.Message });
        if (change.QuotaPerSecond is null && change.QuotaPerDay is null)
        {
            errors["body"] = ["Give quotaPerSecond, quotaPerDay or both."];
        }

        if (errors.Count > 0)
        {
            return AdminProblems.Invalid(errors);
        }

        audit.Record(SecurityEventKinds.ClientQuotasChanged, clientId, Actor(http), clientId,
            $"{profile.QuotaPerSecond}/s {profile.QuotaPerDay}/day -> {perSecond}/s {perDay}/day");
        profile.QuotaPerSecond = perSecond;
        profile.QuotaPerDay = perDay;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await registry.GetAsync(clientId, cancellationToken))!);
    }

    private static async Task<Ok<IReadOnlyList<SigningKeyView>>> ListKeysAsync(ServerKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    private static async Task<Ok<SigningKeyView>> RotateKeyAsync(HttpContext http, ServerKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.RotateAsync(Actor(http), "rotated by an administrator", cancellationToken));

    private static async Task<Results<Ok<SigningKeyView>, ProblemHttpResult>> WithdrawKeyAsync(
        string keyId, HttpContext http, ServerKeyStore keys, CancellationToken cancellationToken) =>
        await keys.WithdrawAsync(keyId, Actor(http), cancellationToken) is { } key
            ? TypedResults.Ok(key)
            : AdminProblems.NotFound("signing_key_not_found", $"There is no signing key '{keyId}'.");

    private static ProblemHttpResult UnknownClient(string clientId) => AdminProblems.NotFound("client_not_found", $"There is no client '{clientId}'.");

    private static string Actor(HttpContext http) => http.User.GetSubject() ?? "unknown";
}
