namespace Seomin.Testing;

internal static class AssemblyMarker;
