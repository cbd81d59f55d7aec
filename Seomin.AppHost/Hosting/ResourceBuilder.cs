namespace Seomin.AppHost.Hosting;

/// <summary>Fluent access to one resource of the model (Aspire's IResourceBuilder&lt;T&gt;).</summary>
public interface IResourceBuilder<out T>
    where T : Resource
{
    T Resource { get; }

    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder applicationBuilder) : IResourceBuilder<T>
    where T : Resource
{
    public T Resource { get; } = resource;

    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;
}

/// <summary>The Aspire calls Program.cs uses, with Aspire's names and meaning.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Adds a database to the server; it is created on the server's first start.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource) { Parent = builder.Resource };
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database);
    }

    /// <summary>Injects <c>ConnectionStrings__&lt;name&gt;</c> into the project.</summary>
    public static IResourceBuilder<ProjectResource> WithReference<TSource>(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<TSource> source)
        where TSource : Resource, IResourceWithConnectionString
    {
        builder.Resource.References.Add(source.Resource);
        return builder;
    }

    /// <summary>Injects <c>services__&lt;name&gt;__http__0</c> (service discovery by configuration) into the project.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> source)
    {
        builder.Resource.References.Add(source.Resource);
        return builder;
    }

    /// <summary>Starts the resource only when <paramref name="dependency"/> runs and its health checks pass.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    /// <summary>The project is healthy when GET <paramref name="path"/> answers 2xx.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path)
    {
        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    /// <summary>Marks the project's HTTP endpoint as the one operators and partners use.</summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.IsExternal = true;
        return builder;
    }
}
