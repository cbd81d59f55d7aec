using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Seomin.Bench.Platform.Http;

/// <summary>A client's quotas as the token service holds them (<c>GET /admin/clients/{clientId}</c>).</summary>
internal sealed record ClientQuotas(string ClientId, int PerSecond, int PerDay)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PerSecond:N0}/s {PerDay:N0}/day");
}

/// <summary>
/// Raises the replay clients' gateway quotas for the length of a run and puts the previous values back afterwards,
/// through the token service's client administration (<c>PATCH /admin/clients/{clientId}/quotas</c>, administrators
/// only: the development client <c>dev-admin</c>, an internal system with the administrator role). The gateway reads
/// the limits from the token (<c>quota_per_second</c>, <c>quota_per_day</c>), so the change applies to tokens issued
/// after it: raise before the actors fetch theirs. The previous values are also written to a file beside the data
/// folder before anything is changed, so a driver killed before it could restore them (SIGKILL) restores them on its
/// next run instead of taking the raised values for the originals.
/// </summary>
internal sealed class QuotaLift
{
    private readonly PlatformClient _platform;
    private readonly Actor _admin;
    private readonly string _stateFile;
    private readonly List<ClientQuotas> _previous = [];
    private readonly List<string> _log = [];

    private QuotaLift(PlatformClient platform, string stateFile)
    {
        _platform = platform;
        _admin = platform.Client("dev-admin");
        _stateFile = stateFile;
    }

    public IReadOnlyList<ClientQuotas> Previous => _previous;

    public int PerSecond { get; private set; }

    public int PerDay { get; private set; }

    public bool Restored { get; private set; }

    /// <summary>Raises every client in <paramref name="clientIds"/> to the given quotas; on any failure puts back those already raised and throws.</summary>
    public static async Task<QuotaLift> RaiseAsync(PlatformClient platform, string dataDir, IEnumerable<string> clientIds, int perSecond, int perDay, CancellationToken ct)
    {
        var lift = new QuotaLift(platform, Path.Combine(dataDir, "bench-quotas-before.json")) { PerSecond = perSecond, PerDay = perDay };
        var leftOver = lift.ReadLeftOver();
        try
        {
            foreach (var clientId in clientIds)
            {
                var current = await lift.GetAsync(clientId, ct);
                var original = leftOver.FirstOrDefault(q => q.ClientId == clientId) ?? current;
                if (!ReferenceEquals(original, current))
                {
                    lift.Note($"{clientId}: {current} now, {original} before an earlier run that did not restore it: {original} is kept as the value to restore");
                }

                lift._previous.Add(original);
                lift.WriteState();
                await lift.PatchAsync(clientId, perSecond, perDay, ct);
                lift.Note($"{clientId}: {original} → {perSecond:N0}/s {perDay:N0}/day");
            }
        }
        catch
        {
            await lift.RestoreAsync();
            throw;
        }

        return lift;
    }

    /// <summary>Puts every raised client back to its previous quotas (its own 30-second budget, whatever the run's token says).</summary>
    public async Task RestoreAsync()
    {
        if (Restored)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var failed = 0;
        foreach (var q in _previous.ToList())
        {
            try
            {
                await PatchAsync(q.ClientId, q.PerSecond, q.PerDay, timeout.Token);
                var now = await GetAsync(q.ClientId, timeout.Token);
                Note($"{q.ClientId}: restored to {now}{(now.PerSecond == q.PerSecond && now.PerDay == q.PerDay ? "" : $" (expected {q}!)")}");
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or HttpRequestException)
            {
                failed++;
                Note($"{q.ClientId}: NOT restored ({e.GetType().Name}: {e.Message}); the previous value {q} stays in {_stateFile} for the next run");
            }
        }

        Restored = failed == 0;
        if (Restored && File.Exists(_stateFile))
        {
            File.Delete(_stateFile);
        }
    }

    /// <summary>Markdown lines for the report: each client's quotas before, during and after the run.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Gateway quotas of the replay clients (raised through `PATCH /admin/clients/{{clientId}}/quotas` as `dev-admin`, restored at the end):");
        text.AppendLine();
        foreach (var line in _log)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }

        return text.ToString();
    }

    private async Task<ClientQuotas> GetAsync(string clientId, CancellationToken ct)
    {
        var answer = await _admin.GetAsync("admin.client", $"/admin/clients/{Uri.EscapeDataString(clientId)}", ct);
        if (!answer.Ok || answer.Json is not { } json)
        {
            throw new InvalidOperationException($"GET /admin/clients/{clientId}: {answer}");
        }

        return new ClientQuotas(clientId, json.GetProperty("quotaPerSecond").GetInt32(), json.GetProperty("quotaPerDay").GetInt32());
    }

    private async Task PatchAsync(string clientId, int perSecond, int perDay, CancellationToken ct)
    {
        var answer = await _platform.SendAsync(_admin, "admin.client-quotas", HttpMethod.Patch, $"/admin/clients/{Uri.EscapeDataString(clientId)}/quotas",
            new { quotaPerSecond = perSecond, quotaPerDay = perDay }, null, ct);
        if (!answer.Ok)
        {
            throw new InvalidOperationException($"PATCH /admin/clients/{clientId}/quotas: {answer}");
        }
    }

    private void Note(string line)
    {
        _log.Add(line);
        Console.WriteLine($"  quotas: {line}");
    }

    private List<ClientQuotas> ReadLeftOver() =>
        File.Exists(_stateFile) ? JsonSerializer.Deserialize<List<ClientQuotas>>(File.ReadAllText(_stateFile)) ?? [] : [];

    private void WriteState()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_stateFile)!);
        File.WriteAllText(_stateFile, JsonSerializer.Serialize(_previous));
    }
}
