using Npgsql;
using Seomin.DormantAssets.Api.Data;

namespace Seomin.DormantAssets.Tests.Data;

public sealed class ConnectionStringTests
{
    [Fact]
    public void WithAutomaticPreparation_WhenTheConnectionStringIsSilent_TurnsItOn()
    {
        var result = new NpgsqlConnectionStringBuilder(DormantAssetsDatabase.WithAutomaticPreparation("Host=db;Database=dormantdb;Username=app"));

        Assert.Equal(32, result.MaxAutoPrepare);
        Assert.Equal(2, result.AutoPrepareMinUsages);
        Assert.Equal("db", result.Host);
        Assert.Equal("dormantdb", result.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0, 2)]
    [InlineData("Host=db;maxautoprepare=5;Auto Prepare Min Usages=7", 5, 7)]
    public void WithAutomaticPreparation_KeepsWhatTheConnectionStringSays(string given, int maxAutoPrepare, int minUsages)
    {
        var result = new NpgsqlConnectionStringBuilder(DormantAssetsDatabase.WithAutomaticPreparation(given));

        Assert.Equal(maxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal(minUsages, result.AutoPrepareMinUsages);
    }
}
