using System.Diagnostics;
using System.Globalization;

namespace Campaign.Service.Embedded;

/// <summary>
/// The <c>postmaster.pid</c> file a running cluster keeps in its data directory. Another service process
/// sharing the same <c>.data</c> finds the running server and its port here.
/// </summary>
internal sealed record PostmasterPid(int ProcessId, int Port)
{
    public static PostmasterPid? TryRead(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // Line 1 is the postmaster's PID, line 4 its TCP port (documented layout since PostgreSQL 9.1).
        return lines.Length >= 4
            && int.TryParse(lines[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            && int.TryParse(lines[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port)
                ? new PostmasterPid(pid, port)
                : null;
    }

    /// <summary>
    /// True when the PID belongs to a live postgres process. A stale file left by a crash (or a PID since
    /// reused by another program) reads as not alive; pg_ctl start then cleans it up.
    /// </summary>
    public bool IsAlive()
    {
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            return !process.HasExited && process.ProcessName.StartsWith("postgres", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
