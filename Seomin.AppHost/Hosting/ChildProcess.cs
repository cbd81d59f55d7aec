using System.Diagnostics;

namespace Seomin.AppHost.Hosting;

/// <summary>What to run for a resource: an executable, its arguments, the environment and the OS user.</summary>
internal sealed record ChildProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment,
    string? RunAsUser = null,
    int StopSignal = NativeMethods.SigTerm,
    string? WatchdogCleanup = null);

/// <summary>
/// A child process that leads its own process group (started through <c>setsid</c>), so that stopping it
/// reaches everything it spawned. A small shell watchdog, in its own session, polls the AppHost's pid and
/// signals the group when the AppHost disappears, so no server or service outlives a killed AppHost.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    // $1 AppHost pid, $2 process group, $3 stop signal, $4 clean-up command run after the group is gone.
    private const string WatchdogScript =
        "while kill -0 \"$1\" 2>/dev/null && kill -0 -\"$2\" 2>/dev/null; do sleep 1; done; " +
        "if ! kill -0 \"$1\" 2>/dev/null; then " +
        "if kill -0 -\"$2\" 2>/dev/null; then kill -\"$3\" -\"$2\" 2>/dev/null; i=0; " +
        "while [ $i -lt 20 ] && kill -0 -\"$2\" 2>/dev/null; do sleep 1; i=$((i+1)); done; kill -9 -\"$2\" 2>/dev/null; fi; " +
        "if [ -n \"$4\" ]; then eval \"$4\"; fi; fi";

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _stopSignal;

    private ChildProcess(Process process, int stopSignal)
    {
        _process = process;
        _stopSignal = stopSignal;
    }

    public int Pid { get; private set; }

    /// <summary>Completes with the exit code when the process leading the group exits.</summary>
    public Task<int> Exited => _exited.Task;

    public static ChildProcess Start(ChildProcessSpec spec, Action<string, string> onOutput)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--");
        if (spec.RunAsUser is not null && NativeMethods.IsRoot)
        {
            psi.ArgumentList.Add("setpriv");
            psi.ArgumentList.Add($"--reuid={spec.RunAsUser}");
            psi.ArgumentList.Add($"--regid={spec.RunAsUser}");
            psi.ArgumentList.Add("--init-groups");
            psi.ArgumentList.Add("--");
        }

        psi.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(process, spec.StopSignal);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput("stdout", e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput("stderr", e.Data);
            }
        };
        process.Exited += (_, _) => child.OnExited();
        process.Start();
        child.Pid = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        StartWatchdog(process.Id, spec.StopSignal, spec.WatchdogCleanup);
        if (process.HasExited)
        {
            child.OnExited();
        }

        return child;
    }

    /// <summary>Asks the whole group to stop, then kills it if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_exited.Task.IsCompleted && !NativeMethods.GroupExists(Pid))
        {
            return;
        }

        NativeMethods.SignalGroup(Pid, _stopSignal);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < grace)
        {
            if (_exited.Task.IsCompleted && !NativeMethods.GroupExists(Pid))
            {
                return;
            }

            await Task.Delay(100);
        }

        Kill();
        await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5)));
    }

    /// <summary>SIGKILL to the whole group.</summary>
    public void Kill() => NativeMethods.SignalGroup(Pid, NativeMethods.SigKill);

    public void Dispose() => _process.Dispose();

    private void OnExited()
    {
        int code;
        try
        {
            // Let the asynchronous readers drain what the process wrote last.
            _process.WaitForExit();
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }

    private static void StartWatchdog(int processGroupId, int signal, string? cleanup)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        foreach (var argument in new[]
                 {
                     "--", "/bin/sh", "-c", WatchdogScript, "seomin-watchdog",
                     Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     processGroupId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     cleanup ?? string.Empty,
                 })
        {
            psi.ArgumentList.Add(argument);
        }

        using var watchdog = Process.Start(psi);
        watchdog?.StandardInput.Close();
    }
}
