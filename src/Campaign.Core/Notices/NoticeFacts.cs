namespace Campaign.Core.Notices;

/// <summary>What an organizer is told: the campaign opened or closed, crossed a milestone, or delivered.</summary>
public sealed record NoticeFacts(string Event, int Milestone, long Signatures, string? TargetId, int? NewSignatures, string? Reason = null);
