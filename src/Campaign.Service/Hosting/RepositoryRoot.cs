namespace Campaign.Service.Hosting;

/// <summary>
/// The folder holding <c>Campaign.sln</c>: appsettings.json, <c>campaigns/</c> and <c>.data/</c> live there,
/// whether the service is started from the root, from its project folder or from a test's bin folder.
/// </summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Campaign.sln"))) return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
