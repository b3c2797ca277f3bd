using Campaign.Core.Deliverability;
using MimeKit.Cryptography;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// The DNS a verifier would ask, answered from the signer itself: the TXT record the <c>dkim</c> verb tells an
/// organizer to publish, for the signer's own domain and selector only.
/// </summary>
public sealed class PublishedKey(MailSigner signer) : DkimPublicKeyLocatorBase
{
    public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        Assert.Equal(signer.Domain, domain);
        Assert.Equal(signer.Selector, selector);
        return GetPublicKey(signer.Record);
    }

    public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
}
