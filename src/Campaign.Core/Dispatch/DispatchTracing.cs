using System.Diagnostics;

namespace Campaign.Core.Dispatch;

/// <summary>
/// The send path's spans, for OpenTelemetry (<c>OpenTelemetry:Endpoint</c>): claim, compose, send and record.
/// Tags name the message row, its kind and campaign, never an address. With no listener a span costs nothing.
/// </summary>
public static class DispatchTracing
{
    public const string Name = "Campaign.Dispatch";

    public static readonly ActivitySource Source = new(Name);

    public static Activity? Start(string name, string? kind = null, string? campaign = null, long? message = null)
    {
        var activity = Source.StartActivity(name);
        if (activity is null) return null;
        if (kind is not null) activity.SetTag("campaign.message.kind", kind);
        if (campaign is not null) activity.SetTag("campaign.slug", campaign);
        if (message is not null) activity.SetTag("campaign.message.id", message);
        return activity;
    }
}
