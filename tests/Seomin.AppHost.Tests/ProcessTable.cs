using System.Globalization;

namespace Seomin.AppHost.Tests;

/// <summary>Reads /proc: which processes are alive, their command name and parent.</summary>
internal static class ProcessTable
{
    public static IReadOnlyList<(int Pid, string Name, int Parent)> All()
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

                result.Add((pid, name, int.Parse(fields[1], CultureInfo.InvariantCulture)));
            }
            catch (IOException)
            {
                // The process ended while we read it.
            }
        }

        return result;
    }

    /// <summary><paramref name="root"/> and every process below it.</summary>
    public static IReadOnlyList<(int Pid, string Name, int Parent)> Tree(int root)
    {
        var all = All();
        var tree = all.Where(p => p.Pid == root).ToList();
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(all.Where(p => p.Parent == tree[i].Pid));
        }

        return tree;
    }

    /// <summary>The process's arguments joined by spaces (empty when it has ended).</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public static bool IsAlive(int pid) => All().Any(p => p.Pid == pid);
}
