using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Sending;

public enum DeliveryMode { Sandbox, Live }

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
}
