namespace Campaign.Core.Notices;

public static class NoticeEvents
{
    public const string Opened = "opened";
    public const string Closed = "closed";
    public const string Milestone = "milestone";
    public const string Delivery = "delivery";
    public const string TargetFailing = "target-failing";

    /// <summary>Signatures from one email domain, network or country crossed <c>Abuse:SurgeAlertPerHour</c> within an hour.</summary>
    public const string Surge = "surge";
}
