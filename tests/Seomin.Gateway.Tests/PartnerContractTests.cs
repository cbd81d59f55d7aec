using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

/// <summary>
/// The published partner contract (<c>/openapi/partner.json</c>): it equals the committed copy the partner client is
/// generated from (PartnerApi/partner.json; regenerate with <c>SEOMIN_UPDATE_PARTNER_CONTRACT=1</c> and
/// tests/Seomin.Gateway.Tests/PartnerApi/generate-client.sh), and it is clean under Redocly's recommended rules
/// (tools/openapi-lint). Needs Node.js and npm on PATH.
/// </summary>
public sealed class PartnerContractTests(RedisServers redis) : IAsyncLifetime
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis);

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    public static string CommittedCopy => Path.Combine(RepositoryRoot(), "tests", "Seomin.Gateway.Tests", "PartnerApi", "partner.json");

    [Fact]
    public async Task PartnerDocument_WhenServed_EqualsTheCommittedCopyTheClientIsGeneratedFrom()
    {
        var served = await ServedDocumentAsync();

        if (Environment.GetEnvironmentVariable("SEOMIN_UPDATE_PARTNER_CONTRACT") == "1")
        {
            await File.WriteAllTextAsync(CommittedCopy, served, TestContext.Current.CancellationToken);
        }

        var committed = await File.ReadAllTextAsync(CommittedCopy, TestContext.Current.CancellationToken);
        Assert.True(
            committed.ReplaceLineEndings("\n") == served,
            "The served partner document differs from PartnerApi/partner.json: run the tests with SEOMIN_UPDATE_PARTNER_CONTRACT=1, then PartnerApi/generate-client.sh, and commit both.");
    }

    [Fact]
    public async Task PartnerDocument_WhenLinted_IsCleanUnderRedoclyRecommendedRules()
    {
        var root = RepositoryRoot();
        var file = Path.Combine(Path.GetTempPath(), $"seomin-partner-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await ServedDocumentAsync(), TestContext.Current.CancellationToken);
        try
        {
            await EnsureLinterInstalledAsync(root);
            var lint = Path.Combine(root, "tools", "openapi-lint");

            var result = await RunAsync("npx", ["--prefix", lint, "redocly", "lint", file, "--config", Path.Combine(lint, "redocly.yaml"), "--format", "stylish"], root);

            Assert.True(result.ExitCode == 0, $"Redocly refused the partner document:\n{result.Output}");
            // Warnings fail too: "clean" means no problem line at all (line:column severity rule message).
            Assert.DoesNotMatch(@"\d+:\d+\s+(warning|error)\s", result.Output);
            Assert.Contains("Your API description is valid", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task PartnerDocument_WhenRead_DocumentsEveryErrorWithProblemDetailsAndClientCredentials()
    {
        var document = JsonNode.Parse(await ServedDocumentAsync())!;

        var flows = document["components"]!["securitySchemes"]!["oauth2"]!["flows"]!["clientCredentials"]!;
        Assert.Equal("/connect/token", flows["tokenUrl"]!.GetValue<string>());
        Assert.NotNull(flows["scopes"]!["products:read"]);
        Assert.NotNull(flows["scopes"]!["guarantees:apply"]);
        var problem = document["components"]!["schemas"]!["ProblemDetails"]!;
        Assert.Contains("errorCode", problem["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                var codes = responses.Select(r => r.Key).ToHashSet();
                Assert.True(codes.IsSupersetOf(["401", "403", "429", "503"]), $"{method} {path} documents {string.Join(",", codes)}");
                Assert.True(operation["security"] is not null || document["security"] is not null, $"{method} {path} has no security");
                foreach (var (code, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                {
                    var schema = response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                    Assert.True(schema == "#/components/schemas/ProblemDetails", $"{method} {path} {code} is not Problem Details ({schema})");
                }

                var success = responses.Where(r => r.Key[0] == '2').Select(r => r.Value!["content"]?["application/json"]?["schema"]).ToList();
                Assert.All(success, s => Assert.NotNull(s));
            }
        }
    }

    [Fact]
    public async Task GeneratedClient_WhenRegeneratedFromTheCommittedCopy_MatchesTheCommittedCode()
    {
        var root = RepositoryRoot();
        var committed = Path.Combine(root, "tests", "Seomin.Gateway.Tests", "PartnerApi", "Client");
        var output = Directory.CreateTempSubdirectory("seomin-kiota-");
        try
        {
            var result = await RunAsync("dotnet", [
                "kiota", "generate", "--language", "CSharp", "--openapi", CommittedCopy, "--output", output.FullName,
                "--class-name", "PartnerApiClient", "--namespace-name", "Seomin.Gateway.Tests.PartnerApi.Client",
                "--exclude-backward-compatible", "--log-level", "Warning"], root);

            Assert.True(result.ExitCode == 0, $"kiota generate failed (dotnet tool restore?):\n{result.Output}");
            var expected = Files(committed);
            var generated = Files(output.FullName);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), generated.Keys.Order(StringComparer.Ordinal));
            Assert.All(expected, file => Assert.True(
                file.Value == generated[file.Key],
                $"PartnerApi/Client/{file.Key} differs from what Kiota generates: run PartnerApi/generate-client.sh and commit."));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string folder) => Directory
        .EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"), StringComparer.Ordinal);

    private async Task<string> ServedDocumentAsync()
    {
        var response = await _gateway.GetAsync("/openapi/partner.json", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
    }

    private static async Task EnsureLinterInstalledAsync(string root)
    {
        await InstallLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            var folder = Path.Combine(root, "tools", "openapi-lint");
            if (!File.Exists(Path.Combine(folder, "node_modules", ".bin", "redocly")))
            {
                var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", folder], root);
                Assert.True(install.ExitCode == 0, $"npm ci in tools/openapi-lint failed:\n{install.Output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        // No telemetry and no update banner: the output is asserted on.
        psi.Environment["REDOCLY_TELEMETRY"] = "off";
        psi.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        psi.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        psi.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Seomin.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Seomin.sln was not found above {AppContext.BaseDirectory}.");
    }
}
