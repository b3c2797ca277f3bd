namespace Campaign.Core.Signatures;

/// <summary>How far a bulk invalidation has got.</summary>
/// <param name="Status"><c>queued</c>, <c>running</c> or <c>done</c>.</param>
/// <param name="Matched">What the count said when the invalidation was asked for.</param>
/// <param name="Invalidated">Signatures taken back so far.</param>
public sealed record InvalidationProgress(long Id, string Campaign, string Status, int Matched, int Invalidated, DateTime RequestedAt, DateTime? FinishedAt);
