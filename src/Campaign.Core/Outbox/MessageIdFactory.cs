using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Outbox;

/// <summary>Makes the RFC 5322 Message-IDs, in the domain the service sends from, fixed when a row is queued.</summary>
public sealed class MessageIdFactory(IOptions<MailOptions> mail)
{
    private readonly string domain = MailboxAddress.Parse(mail.Value.From).Domain;

    public string Next() => $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}@{domain}";
}
