namespace Campaign.Service.Abuse;

/// <summary>
/// <c>RateLimits:Shedding:*</c>: how many signing requests the whole process works on at once, from every client
/// together. One more is answered <c>503</c> with <see cref="RetryAfter"/> at once, instead of waiting for a
/// database connection until it times out — a surge slows no one who got in, and the rest learn it straight away.
/// </summary>
public sealed class SheddingOptions
{
    /// <summary>
    /// 64: this service peaks at about 1,070 signatures a second with 64 requests in flight (wrk, this machine's
    /// figures); more in flight adds only waiting, and it stays well under Npgsql's default pool of 100
    /// connections, which confirming, pages and the worker share. The largest real petition surges (the UK's
    /// busiest hours) are tens of signatures a second: this limit is far above them.
    /// </summary>
    public int ConcurrentSignings { get; set; } = 64;

    /// <summary>A load spike passes in seconds; a person at the form can wait that long.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
