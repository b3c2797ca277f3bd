namespace Campaign.Service.Embedded;

/// <summary>
/// An exclusive lock file next to the data directory, held while one process initializes or starts the
/// cluster, so two service processes starting together neither run initdb twice nor start two servers.
/// </summary>
internal sealed class ClusterLock : IDisposable
{
    private readonly FileStream stream;

    private ClusterLock(FileStream stream) => this.stream = stream;

    public static async Task<ClusterLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None takes an flock() on Unix, which other processes respect.
                return new ClusterLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
            catch (IOException ex)
            {
                throw new EmbeddedPostgresException($"Another process has held {path} for over {timeout.TotalSeconds:0} s while starting PostgreSQL.", ex);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
