using System.Threading.RateLimiting;

namespace Campaign.Service.Abuse;

/// <summary>
/// The rate-limiting middleware's global limiter: a request to an endpoint marked <see cref="LimitedAs"/> is counted
/// against that action's client and network windows, and a signing also takes a place among the signings in
/// progress. Every other request passes untouched. A refusal travels in the lease to <see cref="RefusalAnswers"/>.
/// </summary>
/// <remarks>
/// One global limiter rather than the middleware's named policies: a named policy gives each request exactly one
/// partition, but a request here counts in two at once (its client's and its network's), and the network's
/// windows must be shared by every client in it.
/// </remarks>
internal sealed class AbuseLimiter(ClientLimits limits) : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (resource.GetEndpoint()?.Metadata.GetMetadata<LimitedAs>() is not { } limited) return AbuseLease.Granted;
        if (limits.For(limited.Action).TryTake(ClientKeys.Of(resource.Connection.RemoteIpAddress), permitCount) is { } refusal)
            return new AbuseLease(refusal);
        if (limited.Action != LimitedAction.Signing) return AbuseLease.Granted;
        var (lease, shed) = limits.TryStartSigning();
        return lease ?? new AbuseLease(shed);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));
}

/// <summary>A lease that either lets the request through or says why not.</summary>
internal sealed class AbuseLease(LimitRefusal? refusal) : RateLimitLease
{
    public static readonly AbuseLease Granted = new(null);

    public LimitRefusal? Refusal => refusal;

    public override bool IsAcquired => refusal is null;

    public override IEnumerable<string> MetadataNames => refusal is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = refusal is not null && metadataName == MetadataName.RetryAfter.Name ? refusal.RetryAfter : null;
        return metadata is not null;
    }
}
