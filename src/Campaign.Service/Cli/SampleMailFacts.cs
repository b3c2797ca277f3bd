using Campaign.Core.Composition;
using Campaign.Core.Deliveries;
using Campaign.Core.Notices;

namespace Campaign.Service.Cli;

/// <summary>Sample numbers for <c>preview</c>: a delivery or notice looks as it will, without a database.</summary>
/// <param name="noticeEvent">What a previewed notice is about (<see cref="NoticeEvents"/>).</param>
/// <param name="noticeTarget">The target a delivery notice names.</param>
/// <param name="update">The update a previewed update email carries.</param>
public sealed class SampleMailFacts(TimeProvider time, string noticeEvent = NoticeEvents.Milestone, string? noticeTarget = null, string? update = null) : IMailFacts
{
    public string? FindUpdate(long messageRow) => update;

    public static readonly IReadOnlyDictionary<string, long> SampleByCountry = new Dictionary<string, long>
    {
        ["KR"] = 812, ["US"] = 240, ["JP"] = 97, ["DE"] = 55, ["LA"] = 30,
    };

    private const int SampleNewSignatures = 128;

    public DeliveryFacts FindDelivery(long messageRow) => new(
        0, "schedule", null, SampleNewSignatures, SampleByCountry.Values.Sum(), SampleByCountry,
        [new SharedSigner("Sample Supporter", "KR"), new SharedSigner("Another Signer", "US")], time.GetUtcNow());

    public long ConfirmedSignatures(string campaign) => SampleByCountry.Values.Sum();

    // A delivery notice reports the sample delivery above; the others a campaign just past its first milestone.
    public NoticeFacts FindNotice(long messageRow) => noticeEvent == NoticeEvents.Delivery
        ? new(noticeEvent, 0, SampleByCountry.Values.Sum(), noticeTarget, SampleNewSignatures)
        : new(noticeEvent, 1000, 1003, null, null);
}
