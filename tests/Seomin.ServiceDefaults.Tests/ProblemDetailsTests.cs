using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Seomin.Testing;

namespace Seomin.ServiceDefaults.Tests;

public class ProblemDetailsTests(PlatformServers servers) : IAsyncLifetime
{
    private MinimalServiceHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await MinimalServiceHost.StartAsync(await servers.Postgres.CreateDatabaseAsync("problems"));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData("{\"name\":\"a\",\"amountWon\":1.5,\"kind\":\"small\"}", "amountWon")]
    [InlineData("{\"name\":\"a\",\"amountWon\":\"1000\",\"kind\":\"small\"}", "amountWon")]
    [InlineData("{\"name\":\"a\",\"amountWon\":1000,\"kind\":\"huge\"}", "kind")]
    [InlineData("{\"name\":\"a\",\"amountWon\":1000,\"kind\":1}", "kind")]
    [InlineData("{\"name\":42,\"amountWon\":1000,\"kind\":\"small\"}", "name")]
    [InlineData("{\"name\":\"a\",\"amountWon\":1000,", "body")]
    public async Task Post_WhenBodyIsMalformed_Returns400NamingTheFieldAndPersistsNothing(string body, string field)
    {
        using var response = await _host.Client.PostAsync("/things", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        Assert.Equal(0, await _host.CountThingsAsync());
    }

    [Fact]
    public async Task Post_WhenValidationFails_Returns400WithFieldErrors()
    {
        using var response = await _host.Client.PostAsJsonAsync("/things", new { name = " ", amountWon = 1000, kind = "small" });

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Name is required.", problem.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal(0, await _host.CountThingsAsync());
    }

    [Fact]
    public async Task Post_WhenBodyIsValid_PersistsTheRow()
    {
        using var response = await _host.Client.PostAsJsonAsync("/things", new { name = "ok", amountWon = 1000, kind = "large" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await _host.CountThingsAsync());
    }

    [Fact]
    public async Task Request_WhenTheDatabaseIsUnreachable_Returns503WithRetryAfterAndNoInternals()
    {
        using var response = await _host.Client.PostAsync("/things/elsewhere", content: null);

        var problem = await ReadProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("service_unavailable", problem.GetProperty("errorCode").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("127.0.0.1", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/things/7", HttpStatusCode.NotFound)]
    [InlineData("POST", "/things/7/approve", HttpStatusCode.Conflict)]
    [InlineData("PUT", "/things/7", HttpStatusCode.Conflict)]
    [InlineData("POST", "/things/7/rule", HttpStatusCode.UnprocessableEntity)]
    public async Task Request_WhenDomainExceptionIsThrown_MapsToProblemDetails(string method, string path, HttpStatusCode expected)
    {
        using var response = await _host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await ReadProblemAsync(response, expected);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Request_WhenDevelopmentEnvironment_StillMapsDomainExceptionsToTheirStatus()
    {
        await using var host = await MinimalServiceHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("problemsdev"), environment: "Development");

        using var notFound = await host.Client.GetAsync("/things/7");
        using var rule = await host.Client.PostAsync("/things/7/rule", null);

        await ReadProblemAsync(notFound, HttpStatusCode.NotFound);
        await ReadProblemAsync(rule, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Get_WhenUnhandledExceptionIsThrown_Returns500WithoutInternals()
    {
        using var response = await _host.Client.GetAsync("/boom");

        var problem = await ReadProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.ToString();
        Assert.DoesNotContain("internal secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.5", text, StringComparison.Ordinal);
        Assert.DoesNotContain("at Seomin", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WhenApiTransactionIdIsSent_EchoesItOnTheResponse()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/things/7");
        request.Headers.Add("x-api-tran-id", "PARTNER0120261122ABCDEFG");

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal("PARTNER0120261122ABCDEFG", response.Headers.GetValues("x-api-tran-id").Single());
        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("PARTNER0120261122ABCDEFG", problem.GetProperty("apiTranId").GetString());
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()), "type is set");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), "title is set");
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
        return problem;
    }
}
