namespace Campaign.Service.Embedded;

/// <summary>What an external tool printed (stdout and stderr interleaved) and how it exited.</summary>
internal sealed record ToolResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last lines of output: enough to see why a tool failed without flooding the log.</summary>
    public string Tail(int lines = 15)
    {
        var all = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(Environment.NewLine, all.TakeLast(lines));
    }
}
