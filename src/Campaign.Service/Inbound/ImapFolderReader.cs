using Campaign.Core.Inbound;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace Campaign.Service.Inbound;

/// <summary>What one poll did: messages read and marked, and messages left because they are too large.</summary>
internal readonly record struct ImapPollOutcome(int Read, int TooLarge);

/// <summary>
/// One pass over the opened folder. Headers come first, so mail not addressed to one of our addresses is
/// never downloaded, flagged or moved; ours is fetched (without setting \Seen), handed to the mailbox, and
/// only then marked processed — by the <c>$CampaignProcessed</c> keyword, or where the folder takes no
/// keywords by a MOVE to <c>Campaign-processed</c>.
/// </summary>
internal sealed partial class ImapFolderReader(
    ImapClient client, IMailFolder folder, InboundMailbox mailbox, InboundAddresses addresses, ImapFolderMemory memory,
    int maxMessageBytes, ILogger logger)
{
    public const string Processed = "$CampaignProcessed";
    public const string TooLarge = "$CampaignTooLarge";
    public const string ProcessedFolder = "Campaign-processed";

    // Where a bounce or reply names the address it was delivered to.
    private static readonly string[] AddressHeaders = ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"];
    private const int Batch = 100;

    private IMailFolder? processedFolder;

    private bool UsesKeywords => folder.PermanentFlags.HasFlag(MessageFlags.UserDefined) && !memory.KeywordsRefused;

    // Without MOVE, MailKit would copy, flag \Deleted and expunge: never that.
    private bool CanMove => client.Capabilities.HasFlag(ImapCapabilities.Move);

    public async Task<ImapPollOutcome> ReadAsync(CancellationToken cancellationToken)
    {
        memory.Use(folder.UidValidity);
        if (!UsesKeywords && !CanMove)
        {
            LogCannotMark(logger);
            return default;
        }

        var waiting = await folder.SearchAsync(SearchQuery.NotKeyword(Processed).And(SearchQuery.NotKeyword(TooLarge)), cancellationToken);
        var unseen = waiting.Where(uid => !memory.IsLeftAlone(uid.Id)).ToList();
        var (read, tooLarge) = (0, 0);
        foreach (var batch in unseen.Chunk(Batch))
        {
            var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Size, AddressHeaders);
            foreach (var summary in await folder.FetchAsync(batch, request, cancellationToken))
            {
                if (summary.Headers is null || !IsForUs(summary.Headers))
                {
                    memory.LeaveAlone(summary.UniqueId.Id);
                }
                else if (summary.Size > maxMessageBytes)
                {
                    await MarkTooLargeAsync(summary.UniqueId, cancellationToken);
                    tooLarge++;
                }
                else
                {
                    var raw = await DownloadAsync(summary.UniqueId, cancellationToken);
                    await mailbox.AcceptAsync(raw, [], ImapInbox.Source, cancellationToken);
                    await MarkProcessedAsync(summary.UniqueId, cancellationToken);
                    read++;
                }
            }
        }

        return new ImapPollOutcome(read, tooLarge);
    }

    private bool IsForUs(HeaderList headers)
    {
        foreach (var header in headers)
        {
            if (!AddressHeaders.Contains(header.Field, StringComparer.OrdinalIgnoreCase)) continue;
            if (InternetAddressList.TryParse(header.Value, out var list) && list.Mailboxes.Any(m => addresses.IsOurs(m.Address))) return true;
            // Delivered-To and Envelope-To are bare addresses that a strict parser may still refuse.
            if (addresses.IsOurs(header.Value.Trim().Trim('<', '>'))) return true;
        }

        return false;
    }

    private async Task<byte[]> DownloadAsync(UniqueId uid, CancellationToken cancellationToken)
    {
        // MailKit fetches BODY.PEEK[]: reading does not mark the message \Seen.
        await using var stream = await folder.GetStreamAsync(uid, cancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    private async Task MarkProcessedAsync(UniqueId uid, CancellationToken cancellationToken)
    {
        if (UsesKeywords && await TryAddKeywordAsync(uid, Processed, cancellationToken)) return;
        if (!CanMove)
        {
            // Read once more at the next poll, where ReadAsync then stops before reading anything.
            LogCannotMark(logger);
            return;
        }

        processedFolder ??= await ProcessedFolderAsync(cancellationToken);
        await folder.MoveToAsync(uid, processedFolder, cancellationToken);
    }

    private async Task MarkTooLargeAsync(UniqueId uid, CancellationToken cancellationToken)
    {
        LogTooLarge(logger, uid.Id, maxMessageBytes);
        // With nothing to mark it with, it stays as it is and is not looked at again.
        if (!UsesKeywords || !await TryAddKeywordAsync(uid, TooLarge, cancellationToken)) memory.LeaveAlone(uid.Id);
    }

    /// <summary>False when the server refuses the keyword although it advertised keywords (a length limit, a full set).</summary>
    private async Task<bool> TryAddKeywordAsync(UniqueId uid, string keyword, CancellationToken cancellationToken)
    {
        try
        {
            await folder.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, [keyword]) { Silent = true }, cancellationToken);
            return true;
        }
        catch (ImapCommandException)
        {
            memory.KeywordsRefused = true;
            LogKeywordRefused(logger);
            return false;
        }
    }

    private async Task<IMailFolder> ProcessedFolderAsync(CancellationToken cancellationToken)
    {
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        try
        {
            return await root.GetSubfolderAsync(ProcessedFolder, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            return await root.CreateAsync(ProcessedFolder, isMessageFolder: true, cancellationToken)
                ?? throw new InvalidOperationException($"The IMAP server did not create the {ProcessedFolder} folder.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP inbox: message UID {Uid} is larger than {Limit} bytes; left in the folder (flagged $CampaignTooLarge where the folder takes keywords)")]
    private static partial void LogTooLarge(ILogger logger, uint uid, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP inbox: the server refused our keyword; read mail is moved to Campaign-processed instead")]
    private static partial void LogKeywordRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "IMAP inbox: the folder takes no keywords and the server has no MOVE, so read mail cannot be marked without expunging; nothing is read")]
    private static partial void LogCannotMark(ILogger logger);
}
