namespace Campaign.Service.Abuse;

/// <summary>
/// Why a request was refused: which limit, whose allowance (one client's or its network's) and which window, and when
/// to come back. <see cref="Shed"/> is the global signing limit: the service is busy, not the client too eager.
/// </summary>
/// <param name="Setting">The limit's configuration key when it is not one of <c>RateLimits:</c> (the signature writer's queue).</param>
public sealed record LimitRefusal(LimitedAction Action, LimitScope Scope, string Window, int Permits, TimeSpan Per, TimeSpan RetryAfter, string? Setting = null)
{
    /// <summary>The window of a signature that could not be written: no limit refused it, the database did.</summary>
    public const string Unrecorded = "Unrecorded";

    public bool Shed => Scope == LimitScope.Everyone;

    /// <summary>The configuration key of the limit that refused, for the problem document and the README.</summary>
    public string SettingKey => Setting ?? (Shed
        ? $"{RateLimitOptions.Section}:{nameof(RateLimitOptions.Shedding)}:{nameof(SheddingOptions.ConcurrentSignings)}"
        : $"{RateLimitOptions.Section}:{Action}:{(Scope == LimitScope.Network ? "Network" + Window : Window)}");

    /// <summary>Whole seconds, rounded up: <c>Retry-After: 0</c> would invite an immediate retry.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}

public enum LimitScope
{
    /// <summary>One IPv4 address or IPv6 /64.</summary>
    Client,

    /// <summary>One IPv4 /24 or IPv6 /48.</summary>
    Network,

    /// <summary>All clients together (load shedding).</summary>
    Everyone,
}
