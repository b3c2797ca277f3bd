using Campaign.Core.Deliverability;

namespace Campaign.Service.Hosting;

/// <summary>
/// The DKIM key: <c>Mail:Dkim:PrivateKey</c>, else the file <c>Mail:Dkim:PrivateKeyFile</c>, else one generated
/// once into <c>.data/dkim-&lt;selector&gt;.pem</c> (mode 0600) — so even a first run on a laptop signs its mail.
/// A generated key is only as good as its DNS record: the <c>dkim</c> verb prints the record to publish.
/// </summary>
public static class DkimKeys
{
    public static (MailSigner Signer, string? GeneratedFile) Open(ServiceSettings settings)
    {
        var dkim = settings.Mail.Dkim;
        var domain = settings.Mail.FromDomain();
        if (!string.IsNullOrWhiteSpace(dkim.PrivateKey))
            return (Signer(dkim.PrivateKey, domain, dkim.Selector, "Mail:Dkim:PrivateKey"), null);
        if (!string.IsNullOrWhiteSpace(dkim.PrivateKeyFile))
        {
            string pem;
            try
            {
                pem = File.ReadAllText(Path.GetFullPath(dkim.PrivateKeyFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StartupException($"Mail:Dkim:PrivateKeyFile: cannot read '{dkim.PrivateKeyFile}': {e.Message}");
            }
            return (Signer(pem, domain, dkim.Selector, $"Mail:Dkim:PrivateKeyFile ({dkim.PrivateKeyFile})"), null);
        }
        var path = GeneratedFileFor(settings);
        // Making a 2048-bit key takes a tenth of a second or more: only when there is none yet.
        var (text, created) = OwnerOnlyFile.TryRead(path) is { } kept ? (kept, false) : OwnerOnlyFile.CreateOnce(path, MailSigner.GenerateKey());
        return (Signer(text, domain, dkim.Selector, path), created ? path : null);
    }

    public static string GeneratedFileFor(ServiceSettings settings) =>
        Path.Combine(settings.DataDirectory, $"dkim-{settings.Mail.Dkim.Selector}.pem");

    private static MailSigner Signer(string pem, string domain, string selector, string source)
    {
        try
        {
            return new MailSigner(pem, domain, selector);
        }
        catch (FormatException e)
        {
            throw new StartupException($"{source}: {e.Message}");
        }
    }
}
