using Campaign.Core.Privacy;
using Dapper;
using Microsoft.Extensions.Logging;
using MimeKit;
using Npgsql;

namespace Campaign.Core.Inbound;

/// <summary>What became of one piece of mail that came back.</summary>
public sealed record InboundReceipt(long Id, string Kind);

/// <summary>
/// Where every piece of mail that comes back arrives, from the SMTP listener or the IMAP mailbox: it is
/// stored first (so nothing is dropped silently), then read. Never throws for bad mail.
/// </summary>
public sealed partial class InboundMailbox(NpgsqlDataSource dataSource, SupporterVault vault, ILogger<InboundMailbox> logger)
{
    /// <param name="raw">The message as it came, RFC 5322 bytes.</param>
    /// <param name="recipients">The envelope recipients (SMTP); for IMAP, empty: the headers say.</param>
    /// <param name="source"><c>smtp</c> or <c>imap</c>.</param>
    public async Task<InboundReceipt> AcceptAsync(ReadOnlyMemory<byte> raw, IReadOnlyList<string> recipients, string source, CancellationToken cancellationToken)
    {
        MimeMessage? mail;
        try
        {
            using var stream = new MemoryStream(raw.ToArray(), writable: false);
            mail = await MimeMessage.LoadAsync(stream, cancellationToken);
        }
        catch (FormatException)
        {
            mail = null;
        }
        var kind = mail is null ? InboundKinds.Unreadable : InboundKinds.Unrecognised;
        var id = await StoreAsync(source, kind, raw, cancellationToken);
        LogReceived(id, source, kind);
        return new InboundReceipt(id, kind);
    }

    private async Task<long> StoreAsync(string source, string kind, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into inbound_mail (source, kind, size, raw, sealed_with)
            values (@source, @kind, @size, @raw, @key)
            returning id
            """, new { source, kind, size = raw.Length, raw = vault.Seal(raw.ToArray(), SupporterVault.InboundRaw), key = vault.CurrentKey },
            cancellationToken: cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail {Id} from {Source}: {Kind}")]
    private partial void LogReceived(long id, string source, string kind);
}
