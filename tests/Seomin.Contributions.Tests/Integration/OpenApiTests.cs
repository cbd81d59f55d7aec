using System.Net;

namespace Seomin.Contributions.Tests.Integration;

public sealed partial class ContributionsApiTests
{
    [Fact]
    public async Task The_OpenAPI_document_names_summarises_and_documents_the_problems_of_every_operation()
    {
        var document = await App.As(null).GetAsync("/openapi/v1.json").JsonAsync(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        var operations = 0;
        foreach (var path in paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/contributions", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                operations++;
                var o = operation.Value;
                var where = $"{operation.Name} {path.Name}";
                Assert.True(o.TryGetProperty("operationId", out _), $"{where} has a name");
                Assert.True(o.TryGetProperty("summary", out _), $"{where} has a summary");
                Assert.True(o.TryGetProperty("tags", out _), $"{where} has a tag");
                var responses = o.GetProperty("responses");
                foreach (var status in new[] { "401", "403", "500" })
                {
                    Assert.True(responses.TryGetProperty(status, out _), $"{where} documents {status}");
                }
            }
        }

        Assert.True(operations >= 20, $"{operations} operations");
        var csv = paths.GetProperty("/api/contributions/filings/csv").GetProperty("post");
        Assert.True(csv.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(csv.GetProperty("responses").TryGetProperty("400", out _));
        var list = paths.GetProperty("/api/contributions/assessments").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.Str("name")).ToList();
        Assert.Contains("page", list);
        Assert.Contains("pageSize", list);
    }
}
