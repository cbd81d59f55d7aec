using Microsoft.AspNetCore.Http.HttpResults;
using Seomin.DormantAssets.Api.Features.Claims;
using Seomin.IdentityVerification;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api.Endpoints;

public sealed record FakeVerificationRequest(string? Name, string? Rrn);

public sealed record FakeVerificationResponse(string VerificationId);

public sealed record FakeAccountRequest(string? BankCode, string? Account, string? HolderName);

/// <summary>
/// Development only (never mapped elsewhere): plays the FAKE identity-verification provider and opens accounts at the
/// FAKE bank, so the README can show a whole lookup-and-claim flow with curl.
/// </summary>
public static class DevelopmentEndpoints
{
    public static WebApplication MapDevelopmentEndpoints(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        var group = app.MapGroup($"{EndpointSupport.BasePath}/dev").WithTags("Development only").WithStandardProblems();
        group.AllowAnonymous();
        group.MapPost("/identity-verifications", Verify).WithName("DevIssueFakeIdentityVerification")
            .WithSummary("FAKE provider: the verification id an app would receive after the person verified (Development only)");
        group.MapPost("/bank-accounts", OpenAccount).WithName("DevOpenFakeBankAccount")
            .WithSummary("FAKE bank: opens an account with its holder's name (Development only)");
        return app;
    }

    public static Ok<FakeVerificationResponse> Verify(FakeVerificationRequest request, FakeIdentityVerificationProvider provider)
    {
        var name = EndpointSupport.Required(request.Name, "name", 100);
        var rrn = EndpointSupport.Required(request.Rrn, "rrn", 14);
        if (!PersonalData.ResidentRegistrationNumber.TryParse(rrn, out _))
        {
            throw new DomainValidationException("rrn", "rrn is not a valid resident registration number.");
        }

        return TypedResults.Ok(new FakeVerificationResponse(provider.Issue(name, rrn)));
    }

    public static async Task<NoContent> OpenAccount(FakeAccountRequest request, FakeBankNetwork bank, CancellationToken cancellationToken)
    {
        await bank.OpenAccountAsync(
            EndpointSupport.Required(request.BankCode, "bankCode", 10), EndpointSupport.Required(request.Account, "account", 40),
            EndpointSupport.Required(request.HolderName, "holderName", 100), cancellationToken);
        return TypedResults.NoContent();
    }
}
