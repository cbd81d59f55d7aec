using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Integration;

public sealed class CounselingOptionsTests(PlatformServers servers)
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("2.00:00:00")]
    public async Task Start_WhenSlaIntervalOutOfRange_FailsNamingTheSetting(string interval)
    {
        var database = await servers.Postgres.CreateDatabaseAsync("cs_options");
        var messaging = await servers.RabbitMq.CreateVirtualHostAsync("cs_options");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
            builder.UseSetting("ConnectionStrings:counselingdb", database);
            builder.UseSetting("ConnectionStrings:messaging", messaging);
            builder.UseSetting("Counseling:Sla:Interval", interval);
        });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.Server);

        Assert.Contains("Counseling:Sla:Interval", error.Message, StringComparison.Ordinal);
    }
}
