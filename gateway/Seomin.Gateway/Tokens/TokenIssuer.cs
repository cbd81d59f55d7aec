using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Seomin.Gateway.Clients;
using Seomin.Gateway.Security;

namespace Seomin.Gateway.Tokens;

public sealed record IssuedToken(string AccessToken, int ExpiresIn, string? Scope);

/// <summary>Issues short-lived ES256 access tokens (RFC 9068 <c>at+jwt</c>) for clients.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, TimeProvider timeProvider, IOptions<GatewayOptions> options)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken Issue(ClientRecord client, IReadOnlyCollection<string> grantedScopes)
    {
        var gateway = options.Value;
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = client.ClientId,
            [GatewayClaims.ClientId] = client.ClientId,
            [GatewayClaims.ClientType] = client.Type == ClientType.Partner ? GatewayClaims.Partner : GatewayClaims.Internal,
            [JwtRegisteredClaimNames.Jti] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        string? scope = null;
        if (client.Type == ClientType.Partner)
        {
            scope = string.Join(' ', grantedScopes);
            claims[GatewayClaims.Scope] = scope;
            claims[GatewayClaims.PartnerId] = client.PartnerCode ?? client.ClientId;
        }
        else
        {
            claims[GatewayClaims.Role] = client.Roles.ToList();
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = gateway.Issuer,
            Audience = gateway.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(gateway.TokenLifetime),
            TokenType = "at+jwt",
            Claims = claims,
            SigningCredentials = new SigningCredentials(keys.Current.PrivateSecurityKey, SecurityAlgorithms.EcdsaSha256),
        };
        return new IssuedToken(_handler.CreateToken(descriptor), (int)gateway.TokenLifetime.TotalSeconds, scope);
    }
}
