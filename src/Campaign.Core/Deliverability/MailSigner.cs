using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;

namespace Campaign.Core.Deliverability;

/// <summary>
/// Signs every outgoing message with DKIM (rsa-sha256, relaxed/relaxed) for the <c>Mail:From</c> domain,
/// once, after composition. The headers signed are the ones RFC 6376 and RFC 8058 ask for, including
/// List-Unsubscribe-Post (a signature that leaves it out lets anyone add one-click unsubscribe to a copy).
/// </summary>
public sealed class MailSigner : IDisposable
{
    /// <summary>What is signed, where the message has it.</summary>
    public static readonly IReadOnlyList<HeaderId> SignedHeaders =
    [
        HeaderId.From, HeaderId.To, HeaderId.Cc, HeaderId.ReplyTo, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId,
        HeaderId.MimeVersion, HeaderId.ContentType, HeaderId.ListUnsubscribe, HeaderId.ListUnsubscribePost,
        HeaderId.AutoSubmitted, HeaderId.InReplyTo, HeaderId.References, HeaderId.ListId,
    ];

    private readonly RSA key;
    // .NET does not promise that one RSA object may sign on two threads at once; dispatcher lanes do.
    private readonly ThreadLocal<RSA> keys;
    private readonly Signer signer;

    public MailSigner(string privateKeyPem, string domain, string selector)
    {
        key = RSA.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new FormatException($"not an RSA private key in PEM form: {e.Message}", e);
        }
        if (key.KeySize < 1024)
        {
            key.Dispose();
            throw new FormatException($"the DKIM key has {key.KeySize} bits; receivers ignore keys under 1024 bits (use 2048)");
        }
        // MimeKit parses the key too (its signer needs one); the private-key operation is ours, see RsaSigningContext.
        using var pem = new MemoryStream(Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        var pkcs8 = key.ExportPkcs8PrivateKey();
        keys = new ThreadLocal<RSA>(() =>
        {
            var copy = RSA.Create();
            copy.ImportPkcs8PrivateKey(pkcs8, out _);
            return copy;
        }, trackAllValues: true);
        signer = new Signer(pem, domain, selector, keys)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            SignatureAlgorithm = DkimSignatureAlgorithm.RsaSha256,
        };
        Domain = domain;
        Selector = selector;
    }

    public string Domain { get; }

    public string Selector { get; }

    /// <summary>A new 2048-bit key, PEM (PKCS#8).</summary>
    public static string GenerateKey()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The DNS name of the record: <c>selector._domainkey.domain</c>.</summary>
    public string RecordName => $"{Selector}._domainkey.{Domain}";

    /// <summary>The TXT record receivers look up: <c>v=DKIM1; k=rsa; p=…</c>.</summary>
    public string Record => $"v=DKIM1; k=rsa; p={PublicKey}";

    /// <summary>The public key, base64 SubjectPublicKeyInfo, as DNS publishes it.</summary>
    public string PublicKey => Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

    /// <summary>
    /// Signs the message in place. Its transfer encodings are fixed first (7-bit: quoted-printable or base64),
    /// so nothing on the way to the relay re-encodes the body under the signature.
    /// </summary>
    public void Sign(MimeMessage message)
    {
        message.Prepare(EncodingConstraint.SevenBit);
        var present = SignedHeaders.Where(id => message.Headers.Contains(id) || (id == HeaderId.ContentType && message.Body is not null)).ToList();
        signer.Sign(message, present);
    }

    public void Dispose()
    {
        foreach (var copy in keys.Values) copy.Dispose();
        keys.Dispose();
        key.Dispose();
    }

    private sealed class Signer(Stream pem, string domain, string selector, ThreadLocal<RSA> keys) : DkimSigner(pem, domain, selector)
    {
        protected override Org.BouncyCastle.Crypto.ISigner CreateSigningContext() => new RsaSigningContext(keys.Value!);
    }
}
