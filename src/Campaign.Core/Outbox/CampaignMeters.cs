using System.Diagnostics.Metrics;

namespace Campaign.Core.Outbox;

/// <summary>
/// The service's counters for <c>/metrics</c> (the gauges read the database: OutboxGauges): what happens to each
/// message, how long the relay takes, signatures signed and confirmed, bounces. Labels are kinds, outcomes and
/// campaigns: never anything of a supporter. Process-wide, as meters are.
/// </summary>
public static class CampaignMeters
{
    public const string MeterName = "Campaign.Events";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("campaign.messages.outcomes",
        description: "Messages by kind and outcome: sent, deferred, failed, unknown, held (suppressed or invalidated), not_composed");

    private static readonly Histogram<double> SendDuration = Meter.CreateHistogram<double>("campaign.send.duration", unit: "s",
        description: "From handing a message to the relay to its answer");

    private static readonly Counter<long> Signed = Meter.CreateCounter<long>("campaign.signatures.signed", description: "Signing requests taken, by campaign");

    private static readonly Counter<long> Confirmed = Meter.CreateCounter<long>("campaign.signatures.confirmed", description: "Signatures confirmed, by campaign");

    private static readonly Counter<long> Bounces = Meter.CreateCounter<long>("campaign.bounces", description: "Bounces and complaints read back, by kind of mail and of bounce");

    public static void Outcome(string kind, string outcome) => Outcomes.Add(1, new("kind", kind), new("outcome", outcome));

    public static void Answered(string kind, TimeSpan took) => SendDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));

    public static void Signing(string campaign) => Signed.Add(1, new KeyValuePair<string, object?>("campaign", campaign));

    public static void Confirmation(string campaign) => Confirmed.Add(1, new KeyValuePair<string, object?>("campaign", campaign));

    public static void Bounce(string kind, string bounce) => Bounces.Add(1, new("kind", kind), new("bounce", bounce));
}
