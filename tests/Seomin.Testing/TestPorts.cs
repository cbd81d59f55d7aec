using Seomin.LocalServers;

namespace Seomin.Testing;

/// <summary>Ports for servers a test starts itself.</summary>
public static class TestPorts
{
    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int Free() => LocalPorts.Free();
}
