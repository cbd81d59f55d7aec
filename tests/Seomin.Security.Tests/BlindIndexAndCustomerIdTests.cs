using Seomin.Security.Tests.Support;
using Seomin.PersonalData;

namespace Seomin.Security.Tests;

public sealed class BlindIndexAndCustomerIdTests
{
    private readonly KeyRing _ring = KeyRing.Generate();

    [Fact]
    public void Compute_When100000DistinctNumbers_NoTwoCollide()
    {
        var random = new Random(100_000);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        while (numbers.Count < 100_000)
        {
            var birth = new DateOnly(1940, 1, 1).AddDays(random.Next(0, 30_000));
            numbers.Add(TestRrn.Create(birth, birth.Year >= 2000 ? '3' : '1', random));
        }

        var index = new HmacBlindIndex(_ring);
        var customers = new HmacCustomerIdFactory(_ring);

        var indexes = numbers.Select(n => index.Compute(ResidentRegistrationNumber.Parse(n))).ToHashSet(StringComparer.Ordinal);
        var ids = numbers.Select(n => customers.Create(ResidentRegistrationNumber.Parse(n))).ToHashSet();

        Assert.Equal(100_000, indexes.Count);
        Assert.Equal(100_000, ids.Count);
    }

    [Fact]
    public void Create_WhenSameKeyInTwoServices_GivesSameIdForBothForms()
    {
        var text = TestRrn.Korean();
        var serviceA = new HmacCustomerIdFactory(_ring);
        var serviceB = new HmacCustomerIdFactory(KeyFile.From(_ring).ToKeyRing("copy"));

        var a = serviceA.Create(ResidentRegistrationNumber.Parse(text));
        var b = serviceB.Create(ResidentRegistrationNumber.Parse(text.Replace("-", string.Empty, StringComparison.Ordinal)));

        Assert.Equal(a, b);
        Assert.True(CustomerId.TryParse(a.Value, out _));
        Assert.Equal(33, a.Value.Length);
        Assert.False(RrnPattern.ContainsRrn(a.Value));
    }

    [Fact]
    public void Create_WhenKeyDiffers_GivesDifferentId()
    {
        var rrn = ResidentRegistrationNumber.Parse(TestRrn.Korean());

        Assert.NotEqual(new HmacCustomerIdFactory(_ring).Create(rrn), new HmacCustomerIdFactory(KeyRing.Generate()).Create(rrn));
    }

    [Fact]
    public void Compute_WhenHyphenatedOrPlainForm_GivesSameIndex()
    {
        var text = TestRrn.Korean();
        var index = new HmacBlindIndex(_ring);

        var hyphenated = index.Compute(ResidentRegistrationNumber.Parse(text));
        var plain = index.Compute(ResidentRegistrationNumber.Parse(text.Replace("-", string.Empty, StringComparison.Ordinal)));

        Assert.Equal(hyphenated, plain);
        Assert.Equal(32, hyphenated.Length);
    }
}
