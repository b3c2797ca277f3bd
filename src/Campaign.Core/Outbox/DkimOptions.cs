namespace Campaign.Core.Outbox;

/// <summary>
/// The DKIM key the service signs with (<c>Mail:Dkim:*</c>): a selector, and the private key as PEM text or a
/// file. Without either, a service in embedded mode generates one into <c>.data/</c>; one with a real relay
/// refuses to start rather than send unsigned mail.
/// </summary>
public sealed class DkimOptions
{
    public string Selector { get; set; } = "campaign";

    /// <summary>The private key itself, PEM (PKCS#8 or PKCS#1).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A file holding the PEM private key; relative to the folder the service runs in.</summary>
    public string? PrivateKeyFile { get; set; }
}
