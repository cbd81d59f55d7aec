[assembly: AssemblyFixture(typeof(Seomin.Testing.RedisServers))]
