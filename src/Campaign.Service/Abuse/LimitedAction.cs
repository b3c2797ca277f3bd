namespace Campaign.Service.Abuse;

/// <summary>What a limit guards; each has its own <c>RateLimits:&lt;name&gt;</c> section.</summary>
public enum LimitedAction
{
    Signing,
    Confirming,
    Erasure,
    AdminKey,
}
