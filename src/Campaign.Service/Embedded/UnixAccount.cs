using System.Runtime.InteropServices;

namespace Campaign.Service.Embedded;

/// <summary>Who we run as, which decides whether PostgreSQL tools must switch to the postgres user.</summary>
internal static class UnixAccount
{
    public static bool IsRoot => Environment.UserName == "root" || (OperatingSystem.IsLinux() && NativeMethods.geteuid() == 0);

    /// <summary>Sends SIGQUIT, which PostgreSQL's postmaster treats as an immediate shutdown.</summary>
    public static bool SendQuit(int processId) => OperatingSystem.IsLinux() && NativeMethods.kill(processId, 3) == 0;

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "libc name")]
        public static extern int kill(int pid, int signal);

        // A plain DllImport: LibraryImport would need unsafe code enabled for the whole project.
        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "libc name")]
        public static extern uint geteuid();
    }
}
