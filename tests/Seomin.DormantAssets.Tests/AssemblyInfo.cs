[assembly: AssemblyFixture(typeof(Seomin.Testing.PlatformServers))]
