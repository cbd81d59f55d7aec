using System.Net;
using System.Text.Json;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

public sealed class GuaranteeOpenApiTests(PlatformServers servers)
{
    [Fact]
    public async Task OpenApiDocument_WhenRead_DocumentsEveryEndpointsProblemAnswers()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_openapi");
        var client = api.CreateClient(token: null);

        var body = await (await client.GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);

        using var document = JsonDocument.Parse(body);
        var paths = document.RootElement.GetProperty("paths");
        var submit = paths.GetProperty("/api/guarantees/applications").GetProperty("post");
        Assert.Equal("SubmitApplication", submit.GetProperty("operationId").GetString());
        var submitAnswers = submit.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        Assert.Subset(new HashSet<string> { "201", "400", "401", "403", "409", "413", "422", "500" }, submitAnswers.ToHashSet());
        var approval = paths.GetProperty("/api/guarantees/applications/{id}/approval").GetProperty("post").GetProperty("responses");
        Assert.True(approval.TryGetProperty("404", out _));
        Assert.True(approval.TryGetProperty("422", out _));
        var list = paths.GetProperty("/api/guarantees/applications").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("page", list);
        Assert.Contains("pageSize", list);
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("401", out _), $"{operation.Name} {path.Name} documents 401");
                Assert.True(responses.TryGetProperty("403", out _), $"{operation.Name} {path.Name} documents 403");
                Assert.True(operation.Value.TryGetProperty("security", out _), $"{operation.Name} {path.Name} names the bearer scheme");
            }
        }
    }
}
