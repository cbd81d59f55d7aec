namespace Seomin.Contracts;

/// <summary>Marker for the contracts assembly: integration messages shared by every service.</summary>
public static class ContractsAssembly;
