using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Outbox;

/// <summary>Where mail for targets goes and how failures are retried (<c>Delivery:*</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Sandbox sends every target's mail to <see cref="SandboxAddress"/>; only Live mails governments.</summary>
    public DeliveryMode Mode { get; set; } = DeliveryMode.Sandbox;

    [Required, EmailAddress]
    public string SandboxAddress { get; set; } = "sandbox@campaign.example";

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How long a claimed message is held by its worker; a killed worker's messages come back after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a stopping process (SIGTERM) may take to finish the messages on the wire and in-flight requests.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>While the relay is down, how long to wait before probing it again.</summary>
    public TimeSpan RelayProbeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>After the relay refused our sender or login, how long before trying again (a fixed setting needs a restart anyway).</summary>
    /// <summary>Soft bounces (4.x.x) within a week after which an address is suppressed, or a target flagged failing.</summary>
    [Range(1, 1000)]
    public int SoftBounceLimit { get; set; } = 3;

    public TimeSpan ConfigurationFaultProbeInterval { get; set; } = TimeSpan.FromMinutes(5);
}
