using System.Diagnostics;
using System.Globalization;

namespace Seomin.LocalServers;

/// <summary>
/// Runs a <see cref="ServerCommand"/> as a child process outside Aspire (the test fixtures), output appended to a
/// log file. A detached watchdog stops it when the owning process dies without disposing it.
/// </summary>
public sealed class LocalServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LocalServerProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    /// <summary>The server's console output.</summary>
    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the command with <paramref name="variables"/> (every required variable must be given).</summary>
    public static LocalServerProcess Start(ServerCommand command, IReadOnlyDictionary<string, string> variables, string logPath)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(variables);
        var missing = command.RequiredVariables.Where(v => !variables.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"{command.FileName} needs {string.Join(", ", missing)}.", nameof(variables));
        }

        // sh -c 'exec ...' so the server's output goes straight to the log file, with no reader in this process.
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = command.WorkingDirectory };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"exec \"$@\" >>{PostgresLocalServer.Quote(logPath)} 2>&1 </dev/null");
        psi.ArgumentList.Add("server");
        psi.ArgumentList.Add(command.FileName);
        foreach (var argument in command.Arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in command.Environment.Concat(variables))
        {
            psi.Environment[key] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {command.FileName}.");
        StartWatchdog(process.Id);
        return new LocalServerProcess(process, logPath);
    }

    /// <summary>Asks the server to stop (SIGTERM) and waits for it to exit; kills it after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        Signal(_process.Id, "TERM");
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }

    /// <summary>When this process is gone (even killed), the watchdog sends the server SIGTERM.</summary>
    private static void StartWatchdog(int serverPid)
    {
        var owner = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var server = serverPid.ToString(CultureInfo.InvariantCulture);
        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"while kill -0 {owner} 2>/dev/null && kill -0 {server} 2>/dev/null; do sleep 1; done; kill -TERM {server} 2>/dev/null || true");
        using var _ = Process.Start(psi);
    }
}
