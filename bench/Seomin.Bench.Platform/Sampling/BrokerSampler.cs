using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Seomin.Bench.Platform.Sampling;

/// <summary>
/// RabbitMQ queue depths from the management API of the AppHost's <c>messaging</c> resource (http://127.0.0.1:15673,
/// user <c>seomin</c>, the password generated into the data folder), and the outbox backlog of each service's
/// database (undelivered rows of <c>outbox_messages</c>, the same figure as the <c>seomin.messaging.outbox.backlog</c>
/// gauge) read over the cluster's Unix socket.
/// </summary>
internal sealed class BrokerSampler : IDisposable
{
    public static readonly string[] Databases = ["guaranteedb", "subrogationdb", "contributionsdb", "dormantdb", "counselingdb"];

    private readonly HttpClient _http = new() { BaseAddress = new Uri("http://127.0.0.1:15673"), Timeout = TimeSpan.FromSeconds(5) };
    private readonly string _socketDir;

    public BrokerSampler(string dataDir)
    {
        _socketDir = Path.Combine(dataDir, "postgres");
        var password = Environment.GetEnvironmentVariable("SEOMIN_RABBITMQ_PASSWORD") ?? FindPassword(dataDir);
        if (password is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"seomin:{password}")));
        }
    }

    private static string? FindPassword(string dataDir)
    {
        foreach (var file in new[] { "secrets/messaging-password", "messaging/password", "secrets/rabbitmq-password" })
        {
            var path = Path.Combine(dataDir, file);
            if (File.Exists(path))
            {
                return File.ReadAllText(path).Trim();
            }
        }

        var secrets = Path.Combine(dataDir, "secrets");
        return Directory.Exists(secrets)
            ? Directory.EnumerateFiles(secrets).Where(f => f.Contains("messaging", StringComparison.OrdinalIgnoreCase) || f.Contains("rabbit", StringComparison.OrdinalIgnoreCase))
                .Select(f => File.ReadAllText(f).Trim()).FirstOrDefault()
            : null;
    }

    /// <summary>Messages ready + unacknowledged per queue (null when the management API does not answer).</summary>
    public async Task<Dictionary<string, long>?> QueuesAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync("/api/queues?columns=name,messages", ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
            return json.EnumerateArray().ToDictionary(
                q => q.GetProperty("name").GetString()!,
                q => q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0,
                StringComparer.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Undelivered outbox rows per database (−1 when the database does not answer).</summary>
    public async Task<Dictionary<string, long>> OutboxBacklogAsync(CancellationToken ct)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var db in Databases)
        {
            try
            {
                // The server listens on the port Aspire gave it (its proxy has 15432); the socket's name carries it.
                var socket = Directory.EnumerateFiles(_socketDir, ".s.PGSQL.*").FirstOrDefault(f => !f.EndsWith(".lock", StringComparison.Ordinal));
                var port = socket is null ? "15432" : socket[(socket.LastIndexOf('.') + 1)..];
                await using var connection = new NpgsqlConnection($"Host={_socketDir};Port={port};Username=postgres;Database={db};Timeout=3;Pooling=false");
                await connection.OpenAsync(ct);
                // Each service keeps its tables in its own schema (guarantee.outbox_messages, subrogation.outbox_messages …).
                await using var find = new NpgsqlCommand("SELECT schemaname FROM pg_tables WHERE tablename = 'outbox_messages' LIMIT 1", connection);
                var schema = (string?)await find.ExecuteScalarAsync(ct) ?? "public";
                await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".outbox_messages WHERE delivered_at IS NULL", connection);
                result[db] = (long)(await command.ExecuteScalarAsync(ct))!;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                result[db] = -1;
            }
        }

        return result;
    }

    public void Dispose() => _http.Dispose();
}
