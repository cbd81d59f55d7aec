namespace Seomin.Architecture.Tests;

public class SmokeTests
{
    [Fact]
    public void Build_WhenAssemblyLoads_Succeeds() => Assert.True(true);
}
