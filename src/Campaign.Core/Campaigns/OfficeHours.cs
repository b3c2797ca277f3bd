namespace Campaign.Core.Campaigns;

/// <summary>"Mon-Fri 09:00-17:00": the days and local hours in which a target's office reads letters.</summary>
public sealed record OfficeHours(IReadOnlySet<DayOfWeek> Days, TimeOnly Opens, TimeOnly Closes, string Text);
