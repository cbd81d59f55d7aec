using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Seomin.Testing;

/// <summary>Locates Debian's server binaries and runs commands as their service users when we are root.</summary>
internal static class ServerBinaries
{
    public static bool IsRoot => Environment.UserName == "root";

    public static string PostgresBin
    {
        get
        {
            const string root = "/usr/lib/postgresql";
            var dir = Directory.Exists(root)
                ? Directory.GetDirectories(root).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
                : null;
            var bin = dir is null ? null : Path.Combine(dir, "bin");
            if (bin is null || !File.Exists(Path.Combine(bin, "initdb")))
            {
                throw new InvalidOperationException(
                    "PostgreSQL server binaries were not found under /usr/lib/postgresql. Install them with: apt-get install -y postgresql");
            }

            return bin;
        }
    }

    public static string RabbitMqServer
    {
        get
        {
            const string path = "/usr/lib/rabbitmq/bin/rabbitmq-server";
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    "RabbitMQ was not found at /usr/lib/rabbitmq/bin. Install it with: apt-get install -y rabbitmq-server");
            }

            return path;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Builds a start info that runs <paramref name="command"/> as <paramref name="user"/> when root.</summary>
    public static ProcessStartInfo As(string user, string command, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (IsRoot)
        {
            psi.FileName = "runuser";
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(user);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add("env");
            foreach (var (k, v) in env ?? new Dictionary<string, string>())
            {
                psi.ArgumentList.Add($"{k}={v}");
            }

            psi.ArgumentList.Add(command);
        }
        else
        {
            psi.FileName = command;
            foreach (var (k, v) in env ?? new Dictionary<string, string>())
            {
                psi.Environment[k] = v;
            }
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo psi, TimeSpan timeout)
    {
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {psi.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Makes a directory owned by the service user so the server can write there.</summary>
    public static async Task CreateOwnedDirectoryAsync(string path, string user)
    {
        Directory.CreateDirectory(path);
        if (IsRoot)
        {
            var chown = new ProcessStartInfo("chown") { RedirectStandardOutput = true, RedirectStandardError = true };
            chown.ArgumentList.Add("-R");
            chown.ArgumentList.Add($"{user}:{user}");
            chown.ArgumentList.Add(path);
            var (code, output) = await RunAsync(chown, TimeSpan.FromSeconds(30));
            if (code != 0)
            {
                throw new InvalidOperationException($"chown of {path} failed: {output}");
            }
        }
    }

    /// <summary>
    /// Starts a detached watchdog that runs <paramref name="cleanup"/> when this test process is gone,
    /// so a killed test run leaves no server behind.
    /// </summary>
    public static void StartWatchdog(string cleanup)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {cleanup}");
        using var _ = Process.Start(psi);
    }

    /// <summary>Starts a long-running server with its output appended to <paramref name="logPath"/>.</summary>
    public static void StartDetached(ProcessStartInfo psi, string logPath)
    {
        var shell = new ProcessStartInfo("sh") { UseShellExecute = false };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add($"exec \"$@\" >>'{logPath}' 2>&1 </dev/null");
        shell.ArgumentList.Add("server");
        shell.ArgumentList.Add(psi.FileName);
        foreach (var arg in psi.ArgumentList)
        {
            shell.ArgumentList.Add(arg);
        }

        foreach (var (k, v) in psi.Environment)
        {
            shell.Environment[k] = v;
        }

        using var _ = Process.Start(shell);
    }
}
