namespace Campaign.Core.Storage;

/// <summary>What lies between the service and PostgreSQL.</summary>
public enum Pooler
{
    /// <summary>PostgreSQL itself, or a pooler in session mode: every feature of a session is there.</summary>
    None,

    /// <summary>
    /// PgBouncer (or another pooler) in transaction mode: a server connection is ours for one transaction only,
    /// so nothing may outlive one — no prepared statements, no session settings, no LISTEN.
    /// </summary>
    Transaction,
}

/// <summary>The <c>Database</c> section of the configuration.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Transaction</c> behind PgBouncer in <c>pool_mode = transaction</c>.</summary>
    public Pooler Pooler { get; set; } = Pooler.None;

    /// <summary>
    /// Behind a transaction pooler: a connection string straight to PostgreSQL, used only to LISTEN for the
    /// kicks that wake a worker at once (one connection per worker process). Without it, workers poll.
    /// </summary>
    public string? ListenConnectionString { get; set; }

    /// <summary>Behind a transaction pooler without <see cref="ListenConnectionString"/>: how often a worker looks for new mail and jobs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool Pooled => Pooler == Pooler.Transaction;

    /// <summary>Whether other processes' kicks can be heard (LISTEN needs a session of its own).</summary>
    public bool CanListen => !Pooled || !string.IsNullOrWhiteSpace(ListenConnectionString);

    /// <summary>The longest a worker sleeps without being kicked: a minute when kicks are heard, else the poll interval.</summary>
    public TimeSpan LongestSleep(TimeSpan heard) => CanListen ? heard : PollInterval;
}
