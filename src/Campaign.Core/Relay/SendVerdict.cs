namespace Campaign.Core.Relay;

public enum SendVerdict
{
    /// <summary>The relay accepted the message.</summary>
    Sent,
    /// <summary>A transient refusal of this message (4xx): try it again later.</summary>
    Transient,
    /// <summary>The relay refused it for good (5xx).</summary>
    Permanent,
    /// <summary>The connection broke after the message data was sent: it may have arrived.</summary>
    Unknown,
    /// <summary>The relay is not there (refused, unreachable, 421): nothing is wrong with the message; no attempt is spent.</summary>
    RelayDown,
    /// <summary>The relay refuses our sender or our login: a configuration fault that every message would meet.</summary>
    ConfigurationFault,
}
