using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Seomin.Contributions.Tests.Integration;

internal static class Api
{
    public static async Task<JsonElement> JsonAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} (expected {(int)expected}): {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    public static Task<HttpResponseMessage> PostCsvAsync(this HttpClient client, string path, string csv) =>
        client.PostAsync(path, new StringContent(csv, Encoding.UTF8, "text/csv"));

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);

    public static string[] Errors(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    public static long Long(this JsonElement e, string name) => e.GetProperty(name).GetInt64();

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
