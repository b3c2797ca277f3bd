namespace Campaign.Service.Embedded;

/// <summary>How to run the private PostgreSQL cluster the service starts when no connection string is set.</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>The cluster's data directory, e.g. <c>&lt;repo&gt;/.data/postgres</c>. Created on first run.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The database the service uses; created if missing.</summary>
    public string Database { get; init; } = "campaign";

    /// <summary>
    /// Trades durability for speed (no fsync, no synchronous commit). Only for throw-away test clusters:
    /// a crash of a cluster started this way can lose or corrupt data.
    /// </summary>
    public bool ForTests { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Directory holding <c>initdb</c> and <c>pg_ctl</c>. Null means the <c>PG_BIN</c> environment variable,
    /// else the newest <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    public string? BinDirectory { get; init; }
}
