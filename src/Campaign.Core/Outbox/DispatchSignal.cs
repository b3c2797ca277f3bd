namespace Campaign.Core.Outbox;

/// <summary>Tells the dispatcher that mail has become due, so a confirmation leaves within a second of signing.</summary>
public interface IDispatchSignal
{
    /// <summary>Called after the transaction that queued mail has committed.</summary>
    void Kick();
}
