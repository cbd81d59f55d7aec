using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Seomin.Architecture.Tests;

/// <summary>
/// The Kubernetes manifests under deploy/k8s must pass the offline validator (deploy/validate/validate.mjs:
/// Kubernetes API schemas, the operators' resources, kustomization resources, Seomin conventions), and the
/// validator must refuse a broken manifest. Needs Node.js and npm on PATH; without them those tests fail.
/// The manifests must also match the code: every app has a Deployment setting the connection strings it reads,
/// and the gateway has service discovery for every deployed service it routes.
/// </summary>
public partial class DeployManifestTests
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    [Fact]
    public async Task Manifests_WhenValidatedOffline_HaveNoProblems()
    {
        var root = RepositoryRoot();
        await EnsureValidatorInstalledAsync(root);

        var result = await RunAsync("node", [Path.Combine(root, "deploy", "validate", "validate.mjs")], root, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, $"deploy/k8s was refused by the validator:\n{result.Output}");
        Assert.Matches(@"[1-9]\d* of [1-9]\d* documents .* validated; 0 problem", result.Output);
    }

    [Fact]
    public async Task BrokenDeployment_WhenValidated_IsRefusedNamingTheField()
    {
        var root = RepositoryRoot();
        await EnsureValidatorInstalledAsync(root);
        var folder = Directory.CreateTempSubdirectory("seomin-manifests-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken.yaml"), BrokenManifests, TestContext.Current.CancellationToken);

            var result = await RunAsync(
                "node", [Path.Combine(root, "deploy", "validate", "validate.mjs"), folder.FullName], root, TimeSpan.FromMinutes(2));

            Assert.True(result.ExitCode == 1, $"expected exit code 1, got {result.ExitCode}:\n{result.Output}");
            Assert.Contains("broken.yaml:0 Deployment/demo: spec.replicas must be integer", result.Output, StringComparison.Ordinal);
            Assert.Contains("broken.yaml:1 RabbitmqCluster/demo-mq: spec.replicas must be integer", result.Output, StringComparison.Ordinal);
            Assert.Contains("broken.yaml:2 Cluster/demo-pg: spec.instances must be integer", result.Output, StringComparison.Ordinal);
            Assert.Contains("broken.yaml:3 Widget/demo-widget: unknown kind Widget", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Every app that exists in the code: each service under services/ with an Api project, and the gateway.</summary>
    public static TheoryData<string, string> Apps()
    {
        var apps = new TheoryData<string, string>();
        foreach (var (app, folder) in AppProjects())
        {
            apps.Add(app, folder);
        }

        return apps;
    }

    private static List<(string App, string Folder)> AppProjects()
    {
        var root = RepositoryRoot();
        var apps = new List<(string App, string Folder)> { ("gateway", Path.Combine("gateway", "Seomin.Gateway")) };
        foreach (var service in Directory.GetDirectories(Path.Combine(root, "services")).Order(StringComparer.Ordinal))
        {
            foreach (var api in Directory.GetDirectories(service, "*.Api").Where(d => File.Exists(Path.Combine(d, "Program.cs"))))
            {
                apps.Add((KebabCase(Path.GetFileName(service)), Path.GetRelativePath(root, api)));
            }
        }

        return apps;
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void AppDeployment_WhenCompared_SetsTheConnectionStringsItsCodeReads(string app, string projectFolder)
    {
        var root = RepositoryRoot();
        var manifest = Path.Combine(root, "deploy", "k8s", app + ".yaml");
        Assert.True(File.Exists(manifest), $"{projectFolder} exists but deploy/k8s/{app}.yaml does not: every app needs its Deployment (see deploy/README.md).");
        var yaml = File.ReadAllText(manifest);
        var code = string.Join('\n', Directory.EnumerateFiles(Path.Combine(root, projectFolder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        var names = ConnectionNamePattern().Matches(code).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        if (code.Contains("AddMessaging<", StringComparison.Ordinal))
        {
            names.Add("messaging");
        }

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(
            yaml.Contains($"- name: ConnectionStrings__{name}", StringComparison.Ordinal),
            $"{projectFolder} reads ConnectionStrings:{name}, but deploy/k8s/{app}.yaml does not set ConnectionStrings__{name}."));
        Assert.Contains("path: /health", yaml, StringComparison.Ordinal);
        Assert.Contains("path: /alive", yaml, StringComparison.Ordinal);
        Assert.Contains("- name: OTEL_EXPORTER_OTLP_ENDPOINT", yaml, StringComparison.Ordinal);
        if (code.Contains("AddPersonalDataProtection", StringComparison.Ordinal))
        {
            Assert.Contains("name: seomin-security-keys", yaml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GatewayDeployment_WhenCompared_HasServiceDiscoveryForEveryDeployedService()
    {
        var root = RepositoryRoot();
        var gateway = File.ReadAllText(Path.Combine(root, "deploy", "k8s", "gateway.yaml"));
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "gateway", "Seomin.Gateway", "appsettings.json")));
        var routed = settings.RootElement.GetProperty("Gateway").GetProperty("Services").EnumerateObject().Select(p => p.Name).ToList();
        var deployed = AppProjects().Select(p => p.App).Where(app => app != "gateway").ToList();

        Assert.NotEmpty(deployed);
        Assert.All(deployed.Where(routed.Contains), app => Assert.True(
            gateway.Contains($"- name: services__{app}__http__0", StringComparison.Ordinal)
                && gateway.Contains($"value: http://{app}.seomin.svc:8080", StringComparison.Ordinal),
            $"The gateway routes '{app}' (Gateway:Services) and the service is deployed, but deploy/k8s/gateway.yaml lacks services__{app}__http__0=http://{app}.seomin.svc:8080."));
    }

    private static string KebabCase(string pascal) => Regex.Replace(pascal, "(?<=[a-z0-9])([A-Z])", "-$1").ToLowerInvariant();

    [GeneratedRegex(@"(GetConnectionString|AddNpgsqlDatabase)\(""(?<name>[^""]+)""\)|ConnectionName\s*=\s*""(?<name>[^""]+)""")]
    private static partial Regex ConnectionNamePattern();

    private const string BrokenManifests = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: demo
        spec:
          replicas: "two"
          selector:
            matchLabels:
              app: demo
          template:
            metadata:
              labels:
                app: demo
            spec:
              containers:
                - name: demo
                  image: demo
        ---
        apiVersion: rabbitmq.com/v1beta1
        kind: RabbitmqCluster
        metadata:
          name: demo-mq
        spec:
          replicas: three
        ---
        apiVersion: postgresql.cnpg.io/v1
        kind: Cluster
        metadata:
          name: demo-pg
        spec:
          instances: "3"
          storage:
            size: 1Gi
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: demo-widget

        """;

    /// <summary>The folder holding Seomin.sln, found by walking up from the test assembly.</summary>
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

    /// <summary>
    /// <c>npm ci</c> once per test run, and not at all while deploy/validate/node_modules is newer than the lock
    /// file (npm writes node_modules/.package-lock.json on every install).
    /// </summary>
    private static async Task EnsureValidatorInstalledAsync(string root)
    {
        await InstallLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_installed)
            {
                return;
            }

            var folder = Path.Combine(root, "deploy", "validate");
            var lockFile = Path.Combine(folder, "package-lock.json");
            var installed = Path.Combine(folder, "node_modules", ".package-lock.json");
            var upToDate = File.Exists(installed)
                && File.Exists(Path.Combine(folder, "node_modules", "kubernetes-models", "package.json"))
                && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile);
            if (!upToDate)
            {
                var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
                var result = await RunAsync(npm, ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(5));
                Assert.True(result.ExitCode == 0, $"npm ci in deploy/validate failed:\n{result.Output}");
            }

            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private sealed record ProcessResult(int ExitCode, string Output);

    private static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail(
                $"'{fileName}' could not be started ({e.Message}). The deploy manifest tests need Node.js 20 or later and npm on PATH " +
                "(Debian: apt-get install nodejs npm).");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            cancel.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
            }

            return new ProcessResult(process.ExitCode, (await stdout) + (await stderr));
        }
    }
}
