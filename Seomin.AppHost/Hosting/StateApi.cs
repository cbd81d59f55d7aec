using Microsoft.AspNetCore.Http.HttpResults;

namespace Seomin.AppHost.Hosting;

/// <summary>The State API the dashboard and tests read: resources, console output, commands.</summary>
public static class StateApi
{
    public static RouteGroupBuilder MapStateApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/resources").WithTags("Resources");
        group.MapGet("/", GetResources).WithName("GetResources").WithSummary("Every resource with state, health and endpoints");
        group.MapGet("/{name}", GetResource).WithName("GetResource").WithSummary("One resource");
        group.MapGet("/{name}/console", GetConsole).WithName("GetResourceConsole").WithSummary("Console lines after a sequence number");
        group.MapPost("/{name}/commands/{command}", ExecuteCommand).WithName("ExecuteResourceCommand").WithSummary("start, stop or restart");
        return group;
    }

    public static Ok<IReadOnlyList<ResourceSnapshot>> GetResources(IResourceRegistry registry) =>
        TypedResults.Ok(registry.GetResources());

    public static Results<Ok<ResourceSnapshot>, NotFound> GetResource(string name, IResourceRegistry registry) =>
        registry.GetResource(name) is { } snapshot ? TypedResults.Ok(snapshot) : TypedResults.NotFound();

    public static Results<Ok<IReadOnlyList<ConsoleLine>>, NotFound> GetConsole(string name, long? after, IResourceRegistry registry) =>
        registry.GetConsole(name, after ?? 0) is { } lines ? TypedResults.Ok(lines) : TypedResults.NotFound();

    public static async Task<Results<Accepted<ResourceSnapshot>, NotFound, ProblemHttpResult>> ExecuteCommand(
        string name, string command, IResourceRegistry registry, CancellationToken cancellationToken)
    {
        if (registry.GetResource(name) is null)
        {
            return TypedResults.NotFound();
        }

        if (command is not (ResourceCommands.Start or ResourceCommands.Stop or ResourceCommands.Restart))
        {
            return TypedResults.Problem($"Unknown command '{command}'; use start, stop or restart.", statusCode: StatusCodes.Status400BadRequest);
        }

        await registry.ExecuteCommandAsync(name, command, cancellationToken);
        return TypedResults.Accepted($"/api/resources/{name}", registry.GetResource(name)!);
    }
}
