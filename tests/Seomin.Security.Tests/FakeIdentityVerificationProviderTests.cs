using Microsoft.Extensions.Options;
using Seomin.IdentityVerification;
using Seomin.Testing;

namespace Seomin.Security.Tests;

public sealed class FakeIdentityVerificationProviderTests
{
    // A generated, clearly synthetic number; and the same with month 13, which no resident registration number has.
    private static readonly string Person = SyntheticRrn.Adult();
    private static readonly string InvalidDate = string.Concat(Person.AsSpan(0, 2), "13", Person.AsSpan(4));

    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private sealed class StepClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static FakeIdentityVerificationProvider Provider(TimeProvider time, string key) =>
        new(Options.Create(new FakeIdentityVerificationOptions { SigningKey = key, Lifetime = TimeSpan.FromMinutes(10) }), time);

    [Fact]
    public async Task An_issued_verification_confirms_as_the_person_it_names()
    {
        var provider = Provider(new StepClock(DateTimeOffset.UtcNow), Key);
        var id = provider.Issue("김서민", Person);

        var result = await provider.ConfirmAsync(id, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("김서민", result.Person!.Name);
        Assert.Equal($"{Person[..6]}-*******", result.Person.Rrn.Masked);
    }

    [Fact]
    public async Task Two_verifications_of_one_person_have_different_ids()
    {
        var provider = Provider(new StepClock(DateTimeOffset.UtcNow), Key);
        var a = await provider.ConfirmAsync(provider.Issue("김서민", Person), CancellationToken.None);
        var b = await provider.ConfirmAsync(provider.Issue("김서민", Person), CancellationToken.None);

        Assert.NotEqual(a.Person!.VerificationId, b.Person!.VerificationId);
    }

    [Fact]
    public async Task A_tampered_or_foreign_verification_is_invalid()
    {
        var provider = Provider(new StepClock(DateTimeOffset.UtcNow), Key);
        var id = provider.Issue("김서민", Person);
        var other = Provider(new StepClock(DateTimeOffset.UtcNow), Convert.ToBase64String(new byte[32]));

        var tampered = await provider.ConfirmAsync(id[..^2] + (id[^2] == 'A' ? "B" : "A") + id[^1], CancellationToken.None);
        var foreign = await other.ConfirmAsync(id, CancellationToken.None);
        var garbage = await provider.ConfirmAsync("not-a-verification", CancellationToken.None);

        Assert.All([tampered, foreign, garbage], r => Assert.Equal("identity_verification_invalid", r.ErrorCode));
    }

    [Fact]
    public async Task A_verification_older_than_its_lifetime_is_expired()
    {
        var clock = new StepClock(DateTimeOffset.UtcNow);
        var provider = Provider(clock, Key);
        var id = provider.Issue("김서민", Person);

        clock.Now += TimeSpan.FromMinutes(11);
        var result = await provider.ConfirmAsync(id, CancellationToken.None);

        Assert.Equal(IdentityVerificationFailure.Expired, result.Failure);
    }

    [Fact]
    public void The_provider_refuses_to_issue_for_an_invalid_number()
    {
        var provider = Provider(new StepClock(DateTimeOffset.UtcNow), Key);

        Assert.Throws<ArgumentException>(() => provider.Issue("김서민", InvalidDate));
    }
}
