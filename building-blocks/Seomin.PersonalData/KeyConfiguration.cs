using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace Seomin.PersonalData;

/// <summary>
/// Builds the <see cref="KeyRing"/> from configuration (section <c>Seomin:Security</c>):
/// <list type="bullet">
/// <item><c>KeyFile</c>: path of a mounted secret file in the <see cref="KeyFile"/> JSON shape.</item>
/// <item><c>Keys:Active</c>, <c>Keys:Encryption:{id}</c> (base64, 32 bytes), <c>Keys:CustomerId</c>,
/// <c>Keys:BlindIndex</c> (base64, ≥32 bytes); <c>CustomerIdKey</c> and <c>BlindIndexKey</c> are aliases.
/// Environment variables use the usual form, e.g. <c>Seomin__Security__Keys__Encryption__k2</c>.</item>
/// </list>
/// Individual values override the file. When nothing is configured and development keys are allowed,
/// keys are generated once into the local data folder (<see cref="DevelopmentKeyStore"/>).
/// </summary>
public static class KeyConfiguration
{
    public const string Section = "Seomin:Security";

    /// <summary>Reads the ring; null when nothing at all is configured.</summary>
    public static KeyRing? Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var file = new KeyFile();
        var keyFilePath = section["KeyFile"];
        if (!string.IsNullOrWhiteSpace(keyFilePath))
        {
            file = KeyFile.Load(keyFilePath);
        }

        var keys = section.GetSection("Keys");
        file.Active = keys["Active"] ?? file.Active;
        file.CustomerId = keys["CustomerId"] ?? section["CustomerIdKey"] ?? file.CustomerId;
        file.BlindIndex = keys["BlindIndex"] ?? section["BlindIndexKey"] ?? file.BlindIndex;
        foreach (var child in keys.GetSection("Encryption").GetChildren())
        {
            if (child.Value is not null)
            {
                file.Encryption[child.Key] = child.Value;
            }
        }

        if (file.Active is null && file.CustomerId is null && file.BlindIndex is null && file.Encryption.Count == 0)
        {
            return null;
        }

        return file.ToKeyRing("configuration section " + Section);
    }
}

/// <summary>The JSON shape of a key file (mounted secret or generated development keys).</summary>
public sealed class KeyFile
{
    [JsonPropertyName("active")]
    public string? Active { get; set; }

    [JsonPropertyName("encryption")]
    public Dictionary<string, string> Encryption { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("customerId")]
    public string? CustomerId { get; set; }

    [JsonPropertyName("blindIndex")]
    public string? BlindIndex { get; set; }

    public static KeyFile Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<KeyFile>(stream) ?? throw new InvalidOperationException($"The key file '{path}' is empty.");
    }

    public static KeyFile From(KeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var file = new KeyFile
        {
            Active = ring.ActiveKeyId,
            CustomerId = Convert.ToBase64String(ring.CustomerIdKey.Span),
            BlindIndex = Convert.ToBase64String(ring.BlindIndexKey.Span),
        };
        foreach (var id in ring.KeyIds)
        {
            ring.TryGetEncryptionKey(id, out var key);
            file.Encryption[id] = Convert.ToBase64String(key.Span);
        }

        return file;
    }

    public KeyRing ToKeyRing(string source)
    {
        if (Active is null || CustomerId is null || BlindIndex is null || Encryption.Count == 0)
        {
            throw new InvalidOperationException(
                $"Incomplete personal-data keys in {source}: Active, Encryption:<id>, CustomerId and BlindIndex are all required.");
        }

        try
        {
            return new KeyRing(
                Active,
                Encryption.ToDictionary(p => p.Key, p => Convert.FromBase64String(p.Value), StringComparer.Ordinal),
                Convert.FromBase64String(CustomerId),
                Convert.FromBase64String(BlindIndex));
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"A personal-data key in {source} is not valid base64.");
        }
    }
}

/// <summary>
/// Development keys: generated once into <c>$SEOMIN_DATA_DIR/keys/security-keys.json</c> (default
/// <c>&lt;repo&gt;/.seomin/keys</c>, the repository found by walking up to <c>Seomin.sln</c>, else
/// <c>~/.seomin/keys</c>), folder 0700 and file 0600, and never committed (<c>.seomin/</c> is ignored).
/// </summary>
public static class DevelopmentKeyStore
{
    public const string FileName = "security-keys.json";

    /// <summary>The folder the keys live in.</summary>
    public static string DefaultDirectory()
    {
        var dataDir = Environment.GetEnvironmentVariable("SEOMIN_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(dataDir))
        {
            return Path.Combine(dataDir, "keys");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Seomin.sln")))
                {
                    return Path.Combine(dir.FullName, ".seomin", "keys");
                }
            }
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".seomin", "keys");
    }

    /// <summary>Loads the ring from <paramref name="directory"/>, generating it on first use.</summary>
    public static KeyRing LoadOrCreate(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            return KeyFile.Load(path).ToKeyRing(path);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var ring = KeyRing.Generate();
        var json = JsonSerializer.SerializeToUtf8Bytes(KeyFile.From(ring), new JsonSerializerOptions { WriteIndented = true });
        var temp = Path.Combine(directory, $".{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(json);
        }

        try
        {
            // Several services may start at once: the first file wins, everyone reads it.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }

        return KeyFile.Load(path).ToKeyRing(path);
    }
}
