using System.Globalization;

namespace Seomin.AppHost.Tests;

/// <summary>Reads /proc: which processes are alive, their command name and process group.</summary>
internal static class ProcessTable
{
    public static IReadOnlyList<(int Pid, string Name, int ProcessGroup)> All()
    {
        var result = new List<(int, string, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                if (fields[0] == "Z")
                {
                    continue;
                }

                result.Add((pid, name, int.Parse(fields[2], CultureInfo.InvariantCulture)));
            }
            catch (IOException)
            {
                // The process ended while we read it.
            }
        }

        return result;
    }

    public static IReadOnlyList<(int Pid, string Name, int ProcessGroup)> InGroups(IReadOnlyCollection<int> groups) =>
        All().Where(p => groups.Contains(p.ProcessGroup) || groups.Contains(p.Pid)).ToList();
}
