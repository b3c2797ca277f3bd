namespace Campaign.Core.Notices;

public static class NoticeEvents
{
    public const string Opened = "opened";
    public const string Closed = "closed";
    public const string Milestone = "milestone";
    public const string Delivery = "delivery";
    public const string TargetFailing = "target-failing";
}
