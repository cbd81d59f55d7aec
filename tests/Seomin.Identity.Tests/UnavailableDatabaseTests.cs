using System.Net;
using System.Text.Json;
using Npgsql;
using Seomin.Testing;

namespace Seomin.Identity.Tests;

public sealed class UnavailableDatabaseTests(PlatformServers servers)
{
    [Fact]
    public async Task Token_WhenTheDatabaseIsGone_AnswersAClear503()
    {
        await using var app = await IdentityApp.StartAsync(servers, "identity_down");
        Assert.True((await app.ClientCredentialsAsync("dev-auditor")).IsSuccessStatusCode);
        var database = new NpgsqlConnectionStringBuilder(app.DatabaseConnectionString).Database;
        await using (var admin = new NpgsqlConnection(servers.Postgres.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        var response = await app.ClientCredentialsAsync("dev-auditor");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("token_service_unavailable", body.RootElement.GetProperty("errorCode").GetString());
    }
}
