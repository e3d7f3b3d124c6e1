using System.Globalization;

namespace Agora.Bench.Catalogue;

/// <summary>How much CPU the machine spent, and how much of it went to this benchmark (this
/// process and the watched servers with all their descendants), from /proc. The rest is other
/// work on the machine — builds, tests — which slows every figure. Linux only; elsewhere the
/// share is reported as unknown.</summary>
public sealed class CpuMeter(IReadOnlyList<int> watched)
{
    public readonly record struct Snapshot(long Busy, long Total, long Ours);

    public Snapshot? Take()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            // user nice system idle iowait irq softirq steal
            var busy = f[0] + f[1] + f[2] + f[5] + f[6];
            var total = busy + f[3] + f[4] + (f.Length > 7 ? f[7] : 0);
            return new Snapshot(busy, total, OurTicks());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Share of the machine's CPU (all cores) that other processes used between two snapshots, in per cent.</summary>
    public static double? OtherPercent(Snapshot? before, Snapshot? after)
    {
        // Under a second of CPU time (a few clock ticks) says nothing.
        if (before is not { } b || after is not { } a || a.Total - b.Total < 100 * Environment.ProcessorCount) return null;
        return Math.Round(Math.Max(0, 100.0 * ((a.Busy - b.Busy) - (a.Ours - b.Ours)) / (a.Total - b.Total)), 1);
    }

    /// <summary>Share of the machine's CPU (all cores) that was busy between two snapshots, in per cent.</summary>
    public static double? BusyPercent(Snapshot? before, Snapshot? after)
    {
        if (before is not { } b || after is not { } a || a.Total - b.Total < 100 * Environment.ProcessorCount) return null;
        return Math.Round(100.0 * (a.Busy - b.Busy) / (a.Total - b.Total), 1);
    }

    /// <summary>utime + stime + cutime + cstime over the watched processes and their live
    /// descendants: a finished child's time is in its parent's cutime, so each tick counts once.</summary>
    long OurTicks()
    {
        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                // after "pid (comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14)
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                    + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
                stats[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), ticks);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // the process ended meanwhile
            }
        }
        var roots = new HashSet<int>(watched) { Environment.ProcessId };
        var children = stats.GroupBy(s => s.Value.Parent).ToDictionary(g => g.Key, g => g.Select(s => s.Key).ToList());
        var seen = new HashSet<int>();
        var stack = new Stack<int>(roots);
        long total = 0;
        while (stack.Count > 0)
        {
            var pid = stack.Pop();
            if (!seen.Add(pid) || !stats.TryGetValue(pid, out var s)) continue;
            total += s.Ticks;
            if (children.TryGetValue(pid, out var kids)) foreach (var k in kids) stack.Push(k);
        }
        return total;
    }
}
