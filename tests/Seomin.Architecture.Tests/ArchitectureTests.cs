using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Seomin.Contracts;
using Seomin.BusinessTime;
using Seomin.Contracts.Guarantee;

namespace Seomin.Architecture.Tests;

public class ArchitectureTests
{
    private static readonly string[] ForbiddenInDomain =
        ["Microsoft.EntityFrameworkCore", "MassTransit", "Microsoft.AspNetCore", "Npgsql", "Seomin.ServiceDefaults"];

    // Building blocks that are themselves BCL-only, so a domain project may reference them.
    private static readonly string[] AllowedInDomain = ["Seomin.BusinessTime"];

    private static readonly Assembly ContractsAssembly = typeof(GuaranteeIssued).Assembly;

    /// <summary>The messages: every class in a per-service namespace (the naming attribute sits in the root one).</summary>
    // Messages: every exported class of a contracts namespace except static vocabulary classes (FundCodes), which
    // carry constants, not events (a static class is abstract and sealed in metadata).
    private static List<Type> ContractTypes() =>
        [.. ContractsAssembly.GetExportedTypes().Where(t => t.IsClass && !(t.IsAbstract && t.IsSealed) && t.Namespace!.StartsWith("Seomin.Contracts.", StringComparison.Ordinal))];

    public static TheoryData<string, string> ProjectsWithoutBuildingBlocks => new()
    {
        { "gateway/Seomin.Gateway/Seomin.Gateway.csproj", "Seomin.Messaging" },
        { "gateway/Seomin.Gateway/Seomin.Gateway.csproj", "Seomin.PersonalData" },
        { "Seomin.ServiceDefaults/Seomin.ServiceDefaults.csproj", "Seomin.Messaging" },
        { "Seomin.ServiceDefaults/Seomin.ServiceDefaults.csproj", "Seomin.PersonalData" },
    };

    public static TheoryData<string> DomainAssemblies => new()
    {
        "Seomin.Guarantee.Domain",
        "Seomin.Counseling.Domain",
    };

    [Theory]
    [MemberData(nameof(DomainAssemblies))]
    public void DomainAssembly_WhenInspected_ReferencesOnlyTheBcl(string name)
    {
        var assembly = Assembly.Load(name);

        var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => ForbiddenInDomain.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
        Assert.All(references, r => Assert.True(IsBcl(r) || AllowedInDomain.Contains(r), $"{name} references {r}"));
    }

    [Fact]
    public void BusinessTimeAssembly_WhenInspected_ReferencesOnlyTheBcl()
    {
        var references = typeof(BusinessCalendar).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, r => Assert.True(IsBcl(r), r));
    }

    [Fact]
    public void ServicePrograms_WhenRead_AreATableOfContents()
    {
        var programs = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "services"), "Program.cs", SearchOption.AllDirectories).ToList();

        Assert.NotEmpty(programs);
        Assert.All(programs, program =>
        {
            var statements = File.ReadAllLines(program).Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("//", StringComparison.Ordinal)
                    && !l.StartsWith("///", StringComparison.Ordinal))
                .ToList();
            Assert.True(statements.Count <= ProgramStatementLimit, $"{program} has {statements.Count} lines; register in Add<Service>Services()");
            Assert.All(statements, line => Assert.Matches(ProgramLine, line));
        });
    }

    [Fact]
    public void BackgroundJobsAndFeatures_WhenRead_NeverCallEndpointClasses()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "services"), "*.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}Jobs{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || f.Contains($"{Path.DirectorySeparatorChar}Features{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, file => Assert.DoesNotMatch(EndpointCall, File.ReadAllText(file)));
    }

    [Fact]
    public void ContractsAssembly_WhenInspected_ReferencesNothingButTheBcl()
    {
        var references = ContractsAssembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard", r));
    }

    [Fact]
    public void ContractTypes_WhenInspected_AreSealedRecordsWithInitOnlyMembersAndAnEventId()
    {
        var contracts = ContractTypes();

        Assert.NotEmpty(contracts);
        Assert.All(contracts, type =>
        {
            Assert.True(type.IsSealed, $"{type.Name} must be sealed");
            Assert.NotNull(type.GetMethod("<Clone>$"));
            Assert.NotNull(type.GetProperty("EventId"));
            foreach (var property in type.GetProperties())
            {
                var setter = property.SetMethod;
                Assert.True(setter is not null && setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)),
                    $"{type.Name}.{property.Name} must be init-only");
            }
        });
    }

    [Fact]
    public void ContractTypes_WhenInspected_CarryNoResidentNumberOrName()
    {
        string[] forbidden = ["rrn", "resident", "juminno", "ssn", "name", "phone", "account"];
        var properties = ContractTypes().SelectMany(t => t.GetProperties().Select(p => $"{t.Name}.{p.Name}"));

        Assert.All(properties, p => Assert.DoesNotContain(forbidden, f => p.Split('.')[1].Contains(f, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void ContractTypes_WhenInspected_EachHasAUniqueStableNameOfItsOwningService()
    {
        var named = ContractTypes().Select(t => (Type: t, Name: t.GetCustomAttribute<MessageNameAttribute>()?.Name)).ToList();

        Assert.All(named, c =>
        {
            Assert.True(c.Name is not null, $"{c.Type.Name} needs [MessageName]: outbox rows store it");
            var owner = c.Type.Namespace!["Seomin.Contracts.".Length..].ToLowerInvariant();
            Assert.Matches(new Regex($"^{owner}\\.[a-z]+(-[a-z]+)*$"), c.Name);
        });
        Assert.Equal(named.Count, named.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(ProjectsWithoutBuildingBlocks))]
    public void Project_WhenItsReferencesAreFollowed_NeverReachesTheBuildingBlock(string project, string buildingBlock)
    {
        var reached = ProjectClosure(Path.Combine(RepositoryRoot(), project));

        Assert.DoesNotContain(reached, p => Path.GetFileNameWithoutExtension(p) == buildingBlock);
    }

    [Fact]
    public void ServiceProjects_WhenInspected_DoNotReferenceAnotherService()
    {
        var root = RepositoryRoot();
        var services = Path.Combine(root, "services");

        foreach (var project in Directory.EnumerateFiles(services, "*.csproj", SearchOption.AllDirectories))
        {
            var owner = Path.GetRelativePath(services, project).Split(Path.DirectorySeparatorChar)[0];
            var references = XDocument.Load(project).Descendants("ProjectReference").Select(e => e.Attribute("Include")!.Value);
            foreach (var reference in references)
            {
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Replace('\\', '/')));
                if (full.StartsWith(services + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    Assert.Equal(owner, Path.GetRelativePath(services, full).Split(Path.DirectorySeparatorChar)[0]);
                }
            }
        }
    }

    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference").Select(e => e.Attribute("Include")!.Value))
            {
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, reference.Replace('\\', '/')));
                if (seen.Add(full))
                {
                    pending.Push(full);
                }
            }
        }

        return seen;
    }
    private const int ProgramStatementLimit = 20;

    // A call into a static endpoint class (VocEndpoints.AddTimelineAsync(...)); the use case belongs in a feature.
    private const string EndpointCall = @"\b\w+Endpoints\.\w+\(";

    // What a service's Program.cs may say: create the builder, Add*/Map*/Initialize*/Run calls, build, the Program type.
    private const string ProgramLine =
        @"^(var builder = WebApplication\.CreateBuilder\(args\);|var app = builder\.Build\(\);|builder\.Add\w+(<\w+>)?\(\);|app\.Map\w+\(\);|app\.Use\w+Pipeline\(\);|await app\.\w+Async\(\);|public partial class Program;)$";

    private static bool IsBcl(string name) =>
        name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib";

    // The source file's own location, so the check works wherever the binaries were built.
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Seomin.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Seomin.sln not found above the test sources.");
    }
}
