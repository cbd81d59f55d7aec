namespace Seomin.Guarantee.Domain;

internal static class AssemblyMarker;
