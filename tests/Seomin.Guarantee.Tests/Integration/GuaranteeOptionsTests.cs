using Microsoft.Extensions.Options;
using Seomin.Guarantee.Api.Features;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

public sealed class GuaranteeOptionsTests(PlatformServers servers)
{
    [Theory]
    [InlineData(10)]
    [InlineData(15)]
    public void Validate_WhenMultipleWithinTheLaw_Succeeds(int multiple)
    {
        var options = new GuaranteeOptions { Capacity = { OperatingMultiple = multiple } };

        var result = new GuaranteeOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_WhenMultipleNotPositive_FailsNamingTheSetting(int multiple)
    {
        var options = new GuaranteeOptions { Capacity = { OperatingMultiple = multiple } };

        var result = new GuaranteeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Guarantee:Capacity:OperatingMultiple", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenLapseIntervalZero_Fails()
    {
        var options = new GuaranteeOptions { LapseJob = { Interval = TimeSpan.Zero } };

        var result = new GuaranteeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Guarantee:LapseJob:Interval", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhenOperatingMultipleAboveLegal15_FailsWithClearMessage()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("gt_options");
        var messaging = await servers.RabbitMq.CreateVirtualHostAsync("gt_options");
        await using var api = new GuaranteeApiFactory(database, messaging, 100_000_000_000, operatingMultiple: 16m);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => api.Server);

        Assert.Contains("Guarantee:Capacity:OperatingMultiple is 16", error.Message, StringComparison.Ordinal);
        Assert.Contains("legal maximum of 15", error.Message, StringComparison.Ordinal);
    }
}
