namespace Seomin.AppHost.Hosting;

/// <summary>Collects the application model (Aspire's IDistributedApplicationBuilder).</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(WebApplicationBuilder webBuilder, AppHostOptions options)
    {
        WebBuilder = webBuilder;
        Options = options;
    }

    public IConfiguration Configuration => WebBuilder.Configuration;

    public AppHostOptions Options { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    internal WebApplicationBuilder WebBuilder { get; }

    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public IResourceBuilder<PostgresServerResource> AddPostgres(string name) => AddResource(new PostgresServerResource(name));

    public IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(string name) => AddResource(new RabbitMQServerResource(name));

    /// <summary>Adds a project; <paramref name="projectPath"/> is relative to the AppHost project folder.</summary>
    public IResourceBuilder<ProjectResource> AddProject(string name, string projectPath) =>
        AddResource(new ProjectResource(name, Path.GetFullPath(Path.Combine(Options.AppHostDirectory, projectPath))));

    public DistributedApplication Build() => new(this);
}
