using System.Security.Claims;
using Seomin.Identity.Api.Features.People;

namespace Seomin.Identity.Tests;

public sealed class AdministratorAccessTests
{
    [Theory]
    [InlineData("staff", "administrator", "pwd mfa otp", true)]
    [InlineData("staff", "administrator", "pwd", false)]
    [InlineData("staff", "auditor", "pwd mfa otp", false)]
    [InlineData("internal", "administrator", "", true)]
    [InlineData("partner", "administrator", "", false)]
    public void IsSatisfiedBy_NeedsTheRoleAndForAPersonTheSecondFactor(string clientType, string role, string amr, bool expected)
    {
        var claims = new List<Claim> { new("sub", "X1"), new("client_type", clientType), new("role", role) };
        claims.AddRange(amr.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(m => new Claim("amr", m)));

        var satisfied = AdministratorAccess.IsSatisfiedBy(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")));

        Assert.Equal(expected, satisfied);
    }
}
