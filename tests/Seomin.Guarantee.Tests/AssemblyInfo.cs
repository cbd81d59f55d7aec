using Seomin.Testing;

[assembly: AssemblyFixture(typeof(PlatformServers))]
