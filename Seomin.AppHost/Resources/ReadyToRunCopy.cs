namespace Seomin.AppHost.Resources;

/// <summary>
/// The ReadyToRun copy of a project that <c>scripts/ready-to-run.sh</c> publishes (<c>./run.sh</c> runs it):
/// <c>artifacts/ready-to-run/&lt;assembly&gt;/&lt;assembly&gt;</c> under the repository root (the folder holding
/// <c>Seomin.sln</c>). Started instead of the build only while it is no older than the build: a copy older than the
/// code, the project's own or a referenced project's, would run yesterday's service.
/// </summary>
public static class ReadyToRunCopy
{
    /// <summary>The copy's executable, or <see langword="null"/> when there is none or it is stale.</summary>
    /// <param name="projectDirectory">The project's folder (the repository root is found above it).</param>
    /// <param name="assembly">The project's assembly name, also the executable's.</param>
    /// <param name="buildDirectory">The build output it is compared with (<c>bin/Debug/net10.0</c>).</param>
    public static string? Find(string projectDirectory, string assembly, string buildDirectory)
    {
        var root = new DirectoryInfo(projectDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Seomin.sln")))
        {
            root = root.Parent;
        }

        var copy = root is null ? null : Path.Combine(root.FullName, "artifacts", "ready-to-run", assembly, assembly);
        if (copy is null || !File.Exists(copy))
        {
            return null;
        }

        // Newest against newest: a change to a referenced project rewrites that assembly in both folders, not the
        // project's own, and ./run.sh publishes after it builds.
        return NewestAssembly(Path.GetDirectoryName(copy)!) >= NewestAssembly(buildDirectory) ? copy : null;
    }

    private static DateTime NewestAssembly(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.dll").Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max()
            : DateTime.MinValue;
}
