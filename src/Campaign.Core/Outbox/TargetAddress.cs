using Campaign.Core.Campaigns;

namespace Campaign.Core.Outbox;

/// <summary>Where mail for a target goes: the target itself only in Live mode, else the sandbox address.</summary>
public static class TargetAddress
{
    /// <summary>
    /// Decided when the message is queued, so mail queued while in Sandbox mode never reaches a government
    /// later just because the mode was switched to Live.
    /// </summary>
    public static string For(Target target, DeliveryOptions delivery) =>
        delivery.Mode == DeliveryMode.Live ? target.Email : delivery.SandboxAddress;
}
