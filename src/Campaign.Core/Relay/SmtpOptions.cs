using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Campaign.Core.Relay;

/// <summary>The relay every email goes through (<c>Smtp:*</c>). An empty host means the embedded capture server.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>
    /// <c>Auto</c> without a login: TLS when the relay offers it. With <see cref="Username"/>, <c>Auto</c> means
    /// TLS required (<see cref="Required"/>): a relay, or anyone between, that hides STARTTLS gets no password.
    /// </summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>How many connections the service keeps open to the relay at most.</summary>
    [Range(1, 64)]
    public int MaxConnections { get; set; } = 4;

    /// <summary>
    /// The security the connection is made with. With a login, never opportunistic: <c>Auto</c> becomes
    /// <c>StartTls</c> (required), or TLS on connect on port 465 as MailKit's own <c>Auto</c> would choose.
    /// </summary>
    public SmtpSecurity Required => Security == SmtpSecurity.Auto && HasLogin
        ? Port == 465 ? SmtpSecurity.SslOnConnect : SmtpSecurity.StartTls
        : Security;

    [MemberNotNullWhen(true, nameof(Username))]
    public bool HasLogin => !string.IsNullOrEmpty(Username);

    /// <summary>A login over a connection said to be plain is refused at start rather than sent in the clear.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HasLogin && Security == SmtpSecurity.None)
            yield return new ValidationResult(
                "is None while Smtp:Username is set: the relay login would cross the network in the clear; use StartTls, SslOnConnect or Auto (TLS required with a login), or remove Smtp:Username",
                [nameof(Security)]);
    }

    /// <summary>The global send rate towards the relay.</summary>
    [Range(1, 100_000)]
    public int MaxPerSecond { get; set; } = 5_000;
}
