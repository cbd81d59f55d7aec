using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Seomin.PersonalData;

namespace Seomin.Security.Tests;

public sealed class KeyConfigurationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "seomin-keys-" + Guid.NewGuid().ToString("N"));

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void LoadOrCreate_WhenFirstRun_WritesOwnerOnlyFileAndReusesIt()
    {
        var first = DevelopmentKeyStore.LoadOrCreate(_directory);
        var second = DevelopmentKeyStore.LoadOrCreate(_directory);

        var file = Path.Combine(_directory, DevelopmentKeyStore.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        Assert.Equal(first.ActiveKeyId, second.ActiveKeyId);
        Assert.True(first.CustomerIdKey.Span.SequenceEqual(second.CustomerIdKey.Span));
        var rrn = ResidentRegistrationNumber.Parse(Support.TestRrn.Korean());
        Assert.Equal(new HmacCustomerIdFactory(first).Create(rrn), new HmacCustomerIdFactory(second).Create(rrn));
    }

    [Fact]
    public void LoadKeys_WhenDevelopmentWithoutConfiguration_GeneratesIntoConfiguredDirectory()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seomin:Security:DevelopmentKeyDirectory"] = _directory,
        }).Build();

        var keys = PersonalDataProtectionExtensions.LoadKeys(configuration, Environment(Environments.Development));

        Assert.True(File.Exists(Path.Combine(_directory, DevelopmentKeyStore.FileName)));
        Assert.Equal("k1", keys.ActiveKeyId);
    }

    [Fact]
    public void LoadKeys_WhenProductionWithoutConfiguration_Throws()
    {
        var configuration = new ConfigurationBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => PersonalDataProtectionExtensions.LoadKeys(configuration, Environment(Environments.Production)));

        Assert.Contains("Seomin:Security", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenKeyFileAndOverride_MergesAndKeepsOldKeysForDecryption()
    {
        var original = KeyRing.Generate("k1");
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "mounted.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(KeyFile.From(original)));
        var ciphertext = new AesGcmFieldCipher(original).Encrypt("before");
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seomin:Security:KeyFile"] = path,
            ["Seomin:Security:Keys:Active"] = "k2",
            ["Seomin:Security:Keys:Encryption:k2"] = newKey,
        }).Build();

        var ring = KeyConfiguration.Read(configuration)!;

        Assert.Equal("k2", ring.ActiveKeyId);
        Assert.Equal("before", new AesGcmFieldCipher(ring).Decrypt(ciphertext));
        Assert.StartsWith("sm1:k2:", new AesGcmFieldCipher(ring).Encrypt("after"), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenIncomplete_ThrowsNamingWhatIsMissing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seomin:Security:CustomerIdKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => KeyConfiguration.Read(configuration));

        Assert.Contains("BlindIndex", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name, ApplicationName = "test" };
}
