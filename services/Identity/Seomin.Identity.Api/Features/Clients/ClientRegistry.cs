using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Seomin.Access;
using Seomin.Identity.Api.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Seomin.Identity.Api.Features.Clients;

/// <summary>What a new system client is: its id, kind, permitted scopes, staff roles, codes and quotas.</summary>
public sealed record ClientRegistration(
    string ClientId,
    string DisplayName,
    string ClientType,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Roles,
    string? PartnerCode,
    string? InstitutionCode,
    int QuotaPerSecond,
    int QuotaPerDay);

/// <summary>A system client as the administration API shows it (never its secret).</summary>
public sealed record ClientView(
    string ClientId,
    string DisplayName,
    string ClientType,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Roles,
    string? PartnerCode,
    string? InstitutionCode,
    int QuotaPerSecond,
    int QuotaPerDay,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? SecretRotatedAt);

/// <summary>
/// System clients: an OpenIddict application (client id, hashed secret, permitted endpoints, grant and scopes) and a
/// <see cref="ClientProfile"/> row, written in one SaveChanges.
/// </summary>
public sealed class ClientRegistry(IdentityDbContext db, IOpenIddictApplicationManager applications, TimeProvider timeProvider)
{
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public async Task<bool> ExistsAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is not null;

    /// <summary>Creates the client; the caller has validated <paramref name="registration"/> (<see cref="ClientRules"/>).</summary>
    public async Task CreateAsync(ClientRegistration registration, string secret, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = registration.ClientId,
            ClientSecret = secret,
            ClientType = OpenIddictConstants.ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            DisplayName = registration.DisplayName,
        };
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Introspection,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.ClientCredentials,
        ]);
        descriptor.Permissions.UnionWith(registration.Scopes.Select(s => Permissions.Prefixes.Scope + s));

        db.ClientProfiles.Add(new ClientProfile
        {
            ClientId = registration.ClientId,
            DisplayName = registration.DisplayName,
            ClientType = registration.ClientType,
            Roles = [.. registration.Roles],
            PartnerCode = registration.PartnerCode,
            InstitutionCode = registration.InstitutionCode,
            QuotaPerSecond = registration.QuotaPerSecond,
            QuotaPerDay = registration.QuotaPerDay,
            CreatedAt = timeProvider.GetUtcNow(),
        });
        // The manager's own SaveChanges commits the profile (and any audit line or outbox message) with the application.
        await applications.CreateAsync(descriptor, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> PermittedScopesAsync(object application, CancellationToken cancellationToken) =>
        (await applications.GetPermissionsAsync(application, cancellationToken))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

    public async Task<ClientView?> GetAsync(string clientId, CancellationToken cancellationToken)
    {
        var profile = await db.ClientProfiles.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        return profile is null || application is null ? null : View(profile, await PermittedScopesAsync(application, cancellationToken));
    }

    public async Task<(IReadOnlyList<ClientView> Items, int Total)> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        var total = await db.ClientProfiles.CountAsync(cancellationToken);
        var profiles = await db.ClientProfiles.AsNoTracking().OrderBy(c => c.ClientId).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var items = new List<ClientView>(profiles.Count);
        foreach (var profile in profiles)
        {
            var application = await applications.FindByClientIdAsync(profile.ClientId, cancellationToken);
            items.Add(View(profile, application is null ? [] : await PermittedScopesAsync(application, cancellationToken)));
        }

        return (items, total);
    }

    /// <summary>A new secret replaces the old one at once (the old one no longer authenticates).</summary>
    public async Task RotateSecretAsync(ClientProfile profile, string secret, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(profile.ClientId, cancellationToken)
            ?? throw new InvalidOperationException($"Client {profile.ClientId} has a profile but no application.");
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.ClientSecret = secret;
        profile.SecretRotatedAt = timeProvider.GetUtcNow();
        await applications.UpdateAsync(application, descriptor, cancellationToken);
    }

    public static ClientView View(ClientProfile p, IReadOnlyList<string> scopes) => new(
        p.ClientId, p.DisplayName, p.ClientType, scopes, p.Roles, p.PartnerCode, p.InstitutionCode,
        p.QuotaPerSecond, p.QuotaPerDay, p.Status.ToString().ToLowerInvariant(), p.CreatedAt, p.RevokedAt, p.SecretRotatedAt);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The rules a client registration must satisfy, each failure naming its field.</summary>
public static class ClientRules
{
    public static Dictionary<string, string[]> Validate(ClientRegistration r)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.ClientId) || r.ClientId.Length > 100 || !r.ClientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors["clientId"] = ["1 to 100 characters: letters, digits, '-', '_' or '.'."];
        }

        if (string.IsNullOrWhiteSpace(r.DisplayName) || r.DisplayName.Length > 200)
        {
            errors["displayName"] = ["1 to 200 characters."];
        }

        if (r.ClientType is not (Access.ClientTypes.Internal or Access.ClientTypes.Partner or Access.ClientTypes.Institution))
        {
            errors["clientType"] = ["One of internal, partner, institution."];
            return errors;
        }

        var allowed = ScopeCatalog.AllowedFor(r.ClientType);
        if (r.Scopes.Count == 0 || r.Scopes.Any(s => !allowed.Contains(s)))
        {
            errors["scopes"] = [$"One or more of: {string.Join(' ', allowed.Order(StringComparer.Ordinal))}."];
        }

        if (r.ClientType == Access.ClientTypes.Internal ? r.Roles.Count == 0 || r.Roles.Any(role => !StaffRoles.All.Contains(role)) : r.Roles.Count > 0)
        {
            errors["roles"] = [r.ClientType == Access.ClientTypes.Internal ? "One or more staff roles." : "Only internal clients carry staff roles."];
        }

        if ((r.ClientType == Access.ClientTypes.Partner) != !string.IsNullOrWhiteSpace(r.PartnerCode) || r.PartnerCode is { Length: > 20 })
        {
            errors["partnerCode"] = ["Required for a partner (up to 20 characters), and only for a partner."];
        }

        if ((r.ClientType == Access.ClientTypes.Institution) != !string.IsNullOrWhiteSpace(r.InstitutionCode)
            || (r.InstitutionCode is { } code && (code.Length != 3 || !code.All(char.IsAsciiDigit))))
        {
            errors["institutionCode"] = ["Required for an institution (three digits, e.g. 088), and only for an institution."];
        }

        foreach (var (field, message) in ValidateQuotas(r.QuotaPerSecond, r.QuotaPerDay))
        {
            errors[field] = [message];
        }

        return errors;
    }

    public static IEnumerable<(string Field, string Message)> ValidateQuotas(int perSecond, int perDay)
    {
        if (perSecond is < 1 or > 10_000)
        {
            yield return ("quotaPerSecond", "Between 1 and 10,000.");
        }

        if (perDay is < 1 or > 100_000_000 || perDay < perSecond)
        {
            yield return ("quotaPerDay", "Between 1 and 100,000,000, and not below the per-second quota.");
        }
    }
}
