using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Relay;

/// <summary>The relay every email goes through (<c>Smtp:*</c>). An empty host means the embedded capture server.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>How many connections the service keeps open to the relay at most.</summary>
    [Range(1, 64)]
    public int MaxConnections { get; set; } = 4;

    /// <summary>The global send rate towards the relay.</summary>
    [Range(1, 100_000)]
    public int MaxPerSecond { get; set; } = 5_000;
}
