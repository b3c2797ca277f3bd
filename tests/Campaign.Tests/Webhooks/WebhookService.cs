using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Webhooks;

/// <summary>
/// The service with three webhook endpoints on a real receiver: <c>flaky</c> (fails its first two requests),
/// <c>crm</c> (allowed personal data) and <c>broken</c> (fails until told otherwise). Retries are quick and give
/// up after a few seconds, so a failed delivery is reached within a test.
/// </summary>
public sealed class WebhookService : ServiceFixture
{
    public WebhookReceiver Receiver { get; } = new(WebhookReceiver.NewSecret());

    public WebhookService() => Receiver.FailNext("flaky", 2);

    protected override IEnumerable<string> ExtraSettings =>
    [
        "--Webhooks:AllowPrivateNetworks=true", // the receiver is on loopback
        "--Webhooks:FirstRetryDelay=00:00:00.2", "--Webhooks:MaxRetryDelay=00:00:01", "--Webhooks:RetryFor=00:00:05",
        "--Webhooks:PollInterval=00:00:00.1",
        .. Endpoint(0, "flaky", false, "signature.confirmed", "delivery.accepted", "milestone.reached", "message.failed"),
        .. Endpoint(1, "crm", true, "signature.confirmed"),
        .. Endpoint(2, "broken", false, "milestone.reached"),
    ];

    private IEnumerable<string> Endpoint(int index, string name, bool personalData, params string[] events) =>
    [
        $"--Webhooks:Endpoints:{index}:Name={name}",
        $"--Webhooks:Endpoints:{index}:Url={new Uri(Receiver.Address, name)}",
        $"--Webhooks:Endpoints:{index}:Secret={Receiver.Secret}",
        $"--Webhooks:Endpoints:{index}:PersonalData={personalData}",
        .. events.Select((e, i) => $"--Webhooks:Endpoints:{index}:Events:{i}={e}"),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
