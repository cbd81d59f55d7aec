using System.Runtime.InteropServices;

namespace Seomin.AppHost.Hosting;

internal static partial class NativeMethods
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>Sends a signal to every process of a process group (our children lead their own group).</summary>
    public static bool SignalGroup(int processGroupId, int signal) => Kill(-processGroupId, signal) == 0;

    public static bool SignalProcess(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>True while any process of the group is alive (kill with signal 0 only checks).</summary>
    public static bool GroupExists(int processGroupId) => Kill(-processGroupId, 0) == 0;

    public static bool ProcessExists(int pid) => Kill(pid, 0) == 0;
}
