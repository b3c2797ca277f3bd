namespace Campaign.Core.Outbox;

/// <summary>
/// The one way to wake the dispatcher. Whoever queues mail kicks it after committing, so a confirmation
/// leaves within a second of signing; the dispatcher itself asks to be woken when the next mail becomes
/// sendable (a retry, a throttle slot, an office opening, a relay probe).
/// </summary>
public interface IDispatchScheduler
{
    /// <summary>Mail is due now. Called after the transaction that queued it has committed.</summary>
    void Kick();

    /// <summary>Wake the dispatcher at <paramref name="when"/>, unless a wake-up is already due earlier.</summary>
    void WakeAt(DateTimeOffset when);
}
