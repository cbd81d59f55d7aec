namespace Seomin.Counseling.Domain;

internal static class AssemblyMarker;
