namespace Seomin.ServiceDefaults;

internal static class AssemblyMarker;
