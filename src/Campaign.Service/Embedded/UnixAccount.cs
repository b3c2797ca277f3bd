using System.Runtime.InteropServices;

namespace Campaign.Service.Embedded;

/// <summary>Who we run as, which decides whether PostgreSQL tools must switch to the postgres user.</summary>
internal static class UnixAccount
{
    public static bool IsRoot => Environment.UserName == "root" || (OperatingSystem.IsLinux() && NativeMethods.geteuid() == 0);

    private static class NativeMethods
    {
        // A plain DllImport: LibraryImport would need unsafe code enabled for the whole project.
        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "libc name")]
        public static extern uint geteuid();
    }
}
