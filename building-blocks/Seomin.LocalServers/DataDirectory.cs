namespace Seomin.LocalServers;

/// <summary>Creates the data folders of the local servers and fails with one line when that is impossible.</summary>
public static class DataDirectory
{
    /// <summary>The folder exists afterwards and a file can be written in it.</summary>
    public static string EnsureWritable(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The data folder {full} is not writable ({ex.GetType().Name}): set SEOMIN_DATA_DIR to a folder you can write, or fix its owner.", ex);
        }
    }

    /// <summary>
    /// A generated secret kept in <c>&lt;data&gt;/secrets/&lt;name&gt;</c> (mode 600): the same value on every start, so
    /// servers initialised with it keep accepting it.
    /// </summary>
    public static string GetOrCreateSecret(string dataDirectory, string name)
    {
        var dir = Path.Combine(dataDirectory, "secrets");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, name);
        if (File.Exists(file))
        {
            var existing = File.ReadAllText(file).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        // Hex only: the value goes into rabbitmq.conf and connection strings without escaping.
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(file, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}
