using System.Net;
using System.Text.RegularExpressions;

namespace Campaign.Core.Webhooks;

/// <summary>
/// <c>Webhooks:*</c>: where events are posted, signed as Standard Webhooks specify. No endpoint, no event is
/// written at all.
/// </summary>
public sealed partial class WebhookOptions
{
    public const string Section = "Webhooks";

    public List<WebhookEndpoint> Endpoints { get; set; } = [];

    /// <summary>
    /// Endpoints on loopback, private, link-local and other non-public addresses are refused unless this is set
    /// (no request into the service's own network through a webhook URL). For tests and private deployments.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long a delivery is retried after its event, with backoff, before it is marked failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The wait after the first failed attempt; it doubles after each, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>An endpoint that has not answered in this time has failed this attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long ended deliveries (delivered or failed) and their attempts are kept after their event.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often a worker looks for deliveries that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The endpoints that want <paramref name="type"/>.</summary>
    public IEnumerable<WebhookEndpoint> For(string type) => Endpoints.Where(e => e.Events.Contains(type, StringComparer.Ordinal));

    /// <summary>The first problem of the section, naming its key; null when there is none.</summary>
    public string? Problem()
    {
        if (RetryFor <= TimeSpan.Zero) return "Webhooks:RetryFor must be positive";
        if (KeepFor < RetryFor) return "Webhooks:KeepFor must be at least Webhooks:RetryFor";
        if (FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
            return "Webhooks:FirstRetryDelay must be positive and no longer than Webhooks:MaxRetryDelay";
        if (Timeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero) return "Webhooks:Timeout and Webhooks:PollInterval must be positive";
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            var key = $"Webhooks:Endpoints:{i}";
            var endpoint = Endpoints[i];
            if (endpoint.Name is not { } name || !EndpointName().IsMatch(name))
                return $"{key}:Name: give each endpoint a name of lower-case letters, digits and dashes (it names its deliveries)";
            if (!names.Add(name)) return $"{key}:Name: '{name}' names two endpoints";
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                return $"{key}:Url: '{endpoint.Url}' is not an http(s) URL";
            if (!AllowPrivateNetworks && IPAddress.TryParse(url.IdnHost, out var address) && !PublicAddresses.IsPublic(address))
                return $"{key}:Url: {address} is not a public address; set Webhooks:AllowPrivateNetworks to post inside your own network";
            if (endpoint.PersonalData && url.Scheme != "https" && !AllowPrivateNetworks)
                return $"{key}:Url: an endpoint allowed personal data must use https";
            if (WebhookSignature.KeyOf(endpoint.Secret) is null)
                return $"{key}:Secret: a secret is \"whsec_\" and 24 to 64 random bytes in base64 (make one with: echo whsec_$(openssl rand -base64 32))";
            if (endpoint.Events.Count == 0) return $"{key}:Events: name the events it wants: {string.Join(", ", WebhookEvents.All)}";
            if (endpoint.Events.FirstOrDefault(e => !WebhookEvents.All.Contains(e)) is { } unknown)
                return $"{key}:Events: '{unknown}' is not an event; they are {string.Join(", ", WebhookEvents.All)}";
        }
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex EndpointName();
}

/// <summary>One receiver of events.</summary>
public sealed class WebhookEndpoint
{
    public string? Name { get; set; }

    public string? Url { get; set; }

    /// <summary>The Standard Webhooks secret, <c>whsec_</c> and base64; the receiver checks signatures with it.</summary>
    public string? Secret { get; set; }

    public List<string> Events { get; set; } = [];

    /// <summary>
    /// With it, <c>signature.confirmed</c> also carries the signer's name and address — only for a supporter who
    /// chose to share them with the organizers. Without it, counts and country only.
    /// </summary>
    public bool PersonalData { get; set; }
}
