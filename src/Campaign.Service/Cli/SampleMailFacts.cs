using Campaign.Core.Composition;
using Campaign.Core.Deliveries;
using Campaign.Core.Notices;

namespace Campaign.Service.Cli;

/// <summary>Sample numbers for <c>preview</c>: a delivery or notice looks as it will, without a database.</summary>
public sealed class SampleMailFacts(TimeProvider time) : IMailFacts
{
    public static readonly IReadOnlyDictionary<string, long> SampleByCountry = new Dictionary<string, long>
    {
        ["KR"] = 812, ["US"] = 240, ["JP"] = 97, ["DE"] = 55, ["LA"] = 30,
    };

    public DeliveryFacts FindDelivery(long messageRow) => new(
        0, "schedule", null, 128, SampleByCountry.Values.Sum(), SampleByCountry,
        [new SharedSigner("Sample Supporter", "KR"), new SharedSigner("Another Signer", "US")], time.GetUtcNow());

    public long ConfirmedSignatures(string campaign) => SampleByCountry.Values.Sum();

    public NoticeFacts FindNotice(long messageRow) => new(NoticeEvents.Milestone, 1000, 1003, null, null);
}
