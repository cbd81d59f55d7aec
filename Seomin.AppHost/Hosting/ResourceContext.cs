using System.Security.Cryptography;

namespace Seomin.AppHost.Hosting;

/// <summary>What a resource needs from the AppHost while it starts and runs.</summary>
internal sealed class ResourceContext(AppHostOptions options, ILogger logger, HttpClient http, Action<string, string> output)
{
    public AppHostOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public HttpClient Http { get; } = http;

    /// <summary>Writes a line to the resource's console log (and the AppHost console when echo is on).</summary>
    public void Output(string stream, string text) => output(stream, text);

    /// <summary>A password generated on first use and kept in <c>&lt;data&gt;/credentials/&lt;name&gt;.password</c> (mode 0600).</summary>
    public string GetOrCreatePassword(string name)
    {
        var dir = Path.Combine(Options.DataDirectory, "credentials");
        Directory.CreateDirectory(dir);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = Path.Combine(dir, name + ".password");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(path, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }

    /// <summary>Creates a folder owned by <paramref name="user"/> when running as root, reachable by it.</summary>
    public async Task EnsureOwnedDirectoryAsync(string path, string user, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        if (!NativeMethods.IsRoot || OperatingSystem.IsWindows())
        {
            return;
        }

        // The server user must be able to traverse every parent (temporary folders are 0700).
        for (var dir = new DirectoryInfo(Options.DataDirectory); dir is not null && dir.FullName != "/"; dir = dir.Parent)
        {
            if (dir.FullName.StartsWith(Path.GetTempPath(), StringComparison.Ordinal) || dir.FullName == Options.DataDirectory)
            {
                var mode = File.GetUnixFileMode(dir.FullName);
                File.SetUnixFileMode(dir.FullName, mode | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
            }
        }

        var (code, text) = await ProcessRunner.RunAsync("chown", ["-R", $"{user}:{user}", path], TimeSpan.FromSeconds(60), cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"chown {user} {path} failed: {text}");
        }
    }
}
