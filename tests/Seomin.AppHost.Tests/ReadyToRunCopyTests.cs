using Seomin.AppHost.Resources;

namespace Seomin.AppHost.Tests;

/// <summary>
/// Which executable the AppHost starts for a project: the ReadyToRun copy only while no assembly of the build is newer
/// than the copy's newest. File timestamps in a temporary repository layout; no platform.
/// </summary>
public sealed class ReadyToRunCopyTests : IDisposable
{
    private static readonly DateTime Published = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly string _root = Directory.CreateTempSubdirectory("seomin-r2r-").FullName;

    private string ProjectDirectory => Path.Combine(_root, "services", "Guarantee", "Seomin.Guarantee.Api");

    private string BuildDirectory => Path.Combine(ProjectDirectory, "bin", "Debug", "net10.0");

    private string CopyDirectory => Path.Combine(_root, "artifacts", "ready-to-run", "Seomin.Guarantee.Api");

    public ReadyToRunCopyTests()
    {
        File.WriteAllText(Path.Combine(_root, "Seomin.sln"), "");
        Write(BuildDirectory, "Seomin.Guarantee.Api.dll", Published.AddMinutes(-5));
        Write(BuildDirectory, "Seomin.ServiceDefaults.dll", Published.AddMinutes(-5));
        Write(CopyDirectory, "Seomin.Guarantee.Api", Published);
        Write(CopyDirectory, "Seomin.Guarantee.Api.dll", Published);
        Write(CopyDirectory, "Seomin.ServiceDefaults.dll", Published);
    }

    [Fact]
    public void Find_CopyPublishedAfterTheBuild_IsStarted() =>
        Assert.Equal(Path.Combine(CopyDirectory, "Seomin.Guarantee.Api"), Find());

    [Fact]
    public void Find_ReferencedProjectRebuiltAfterThePublish_CopyIsStale()
    {
        // Only ServiceDefaults changed: the service's own assembly is not rewritten, the referenced one is.
        Write(BuildDirectory, "Seomin.ServiceDefaults.dll", Published.AddMinutes(1));

        Assert.Null(Find());
    }

    [Fact]
    public void Find_ReferencedProjectRepublished_CopyIsCurrentAgain()
    {
        Write(BuildDirectory, "Seomin.ServiceDefaults.dll", Published.AddMinutes(1));
        Write(CopyDirectory, "Seomin.ServiceDefaults.dll", Published.AddMinutes(2));

        Assert.NotNull(Find());
    }

    [Fact]
    public void Find_NoCopyPublished_ReturnsNull()
    {
        Directory.Delete(CopyDirectory, recursive: true);

        Assert.Null(Find());
    }

    [Fact]
    public void Find_NotBuilt_CopyIsStarted()
    {
        Directory.Delete(BuildDirectory, recursive: true);

        Assert.NotNull(Find());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string? Find() => ReadyToRunCopy.Find(ProjectDirectory, "Seomin.Guarantee.Api", BuildDirectory);

    private static void Write(string directory, string file, DateTime writtenAt)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, file);
        File.WriteAllText(path, file);
        File.SetLastWriteTimeUtc(path, writtenAt);
    }
}
