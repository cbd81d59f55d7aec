namespace Seomin.AppHost.Tests;

/// <summary>
/// Tests that start whole platforms run one class at a time, and not beside other collections: on two cores
/// several platforms starting at once would only make each slower.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlatformCollection
{
    public const string Name = "Platform";
}
