using System.Diagnostics;
using System.Text;

namespace Campaign.Service.Embedded;

/// <summary>Runs the PostgreSQL tools (and chown), as the <c>postgres</c> user when we are root.</summary>
internal sealed class ToolRunner(bool runAsPostgresUser)
{
    // PostgreSQL refuses to run as root, so a root service switches user for every server tool.
    private const string RunUser = "/usr/sbin/runuser";

    public bool RunsAsPostgresUser => runAsPostgresUser;

    public Task<ToolResult> RunAsPostgresAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct) =>
        runAsPostgresUser
            ? RunAsync(File.Exists(RunUser) ? RunUser : "runuser", ["-u", "postgres", "--", fileName, .. arguments], ct)
            : RunAsync(fileName, arguments, ct);

    public static async Task<ToolResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new ToolResult(-1, $"could not start {fileName}: {ex.Message}");
        }

        // Tools never read stdin; closing it keeps runuser or a password prompt from waiting forever.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (output)
        {
            return new ToolResult(process.ExitCode, output.ToString());
        }
    }
}
