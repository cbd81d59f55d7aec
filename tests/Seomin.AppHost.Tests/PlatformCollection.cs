namespace Seomin.AppHost.Tests;

/// <summary>
/// Tests that start whole platforms run one class at a time, and not beside other collections: on two cores
/// several platforms starting at once would only make each slower. The classes that need a running platform
/// share one (<see cref="PlatformFixture"/>); each leaves every resource healthy when it ends.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "Platform";
}
