using System.Collections.Concurrent;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Dapper;
using Npgsql;

namespace Campaign.Core.Replies;

/// <summary>
/// Reads and publishes targets' replies: the whole list for admins (opened), one attachment, and what an organizer
/// published, which is all the public ever sees of a reply.
/// </summary>
public sealed class ReplyBook(NpgsqlDataSource dataSource, SupporterVault vault, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SharedRefresh<IReadOnlyList<Published>>> published = new(StringComparer.Ordinal);

    public sealed record AttachmentView(int N, string FileName, string ContentType, long Size, bool Kept);

    public sealed record ReplyView(long Id, string TargetId, string Kind, DateTime ReceivedAt, string? Subject, string Text, string? Excerpt,
        DateTime? PublishedAt, IReadOnlyList<AttachmentView> Attachments);

    /// <summary>A published excerpt: the target, the day it answered, the words an organizer chose. Nothing else of the mail.</summary>
    public sealed record Published(long Id, string TargetId, string Kind, DateTime ReceivedAt, string Excerpt);

    public sealed record File(string FileName, string ContentType, byte[] Content);

    public enum Outcome { Done, NotFound, NotInText }

    private sealed record Row(long Id, string TargetId, string Kind, DateTime ReceivedAt, byte[]? Subject, byte[] Text, string? Excerpt, DateTime? PublishedAt);

    private sealed record AttachmentRow(long Reply, int N, byte[]? FileName, string ContentType, long Size, bool Kept);

    /// <summary>The campaign's replies, newest first, opened for an admin.</summary>
    public async Task<IReadOnlyList<ReplyView>> ListAsync(string campaign, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition("""
            select id, target_id as TargetId, kind, received_at as ReceivedAt, subject, text, excerpt, published_at as PublishedAt
            from target_replies where campaign = @campaign order by received_at desc, id desc limit @limit
            """, new { campaign, limit }, cancellationToken: cancellationToken))).ToList();
        var files = (await connection.QueryAsync<AttachmentRow>(new CommandDefinition("""
            select reply, n, file_name as FileName, content_type as ContentType, size, kept
            from target_reply_attachments where reply = any(@ids) order by reply, n
            """, new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: cancellationToken))).ToLookup(a => a.Reply);
        return rows.Select(r => new ReplyView(r.Id, r.TargetId, r.Kind, r.ReceivedAt, vault.Open(r.Subject, SupporterVault.ReplySubject),
            vault.Open(r.Text, SupporterVault.ReplyText) ?? "", r.Excerpt, r.PublishedAt,
            files[r.Id].Select(a => new AttachmentView(a.N, vault.Open(a.FileName, SupporterVault.ReplyFileName) ?? $"attachment-{a.N}", a.ContentType, a.Size, a.Kept)).ToList())).ToList();
    }

    /// <summary>A kept attachment; null for an unknown reply, number, or one that was not kept.</summary>
    public async Task<File?> AttachmentAsync(string campaign, long reply, int n, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(byte[]? FileName, string ContentType, byte[] Content)?>(new CommandDefinition("""
            select a.file_name, a.content_type, a.content from target_reply_attachments a join target_replies r on r.id = a.reply
            where r.campaign = @campaign and a.reply = @reply and a.n = @n and a.kept
            """, new { campaign, reply, n }, cancellationToken: cancellationToken));
        return row is { } found
            ? new File(vault.Open(found.FileName, SupporterVault.ReplyFileName) ?? $"attachment-{n}", found.ContentType, vault.OpenBytes(found.Content, SupporterVault.ReplyAttachment))
            : null;
    }

    /// <summary>
    /// Publishes the whole text (<paramref name="excerpt"/> null) or a part of it. A part must be the reply's own
    /// words (compared with white space collapsed): the campaign page quotes a ministry, it never words it.
    /// </summary>
    public async Task<(Outcome Outcome, string? Excerpt)> PublishAsync(string campaign, long id, string? excerpt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var text = await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            "select text from target_replies where campaign = @campaign and id = @id", new { campaign, id }, cancellationToken: cancellationToken));
        if (text is null) return (Outcome.NotFound, null);
        var whole = vault.Open(text, SupporterVault.ReplyText) ?? "";
        var shown = excerpt is null ? whole : ReplyText.Clean(excerpt);
        if (shown.Length == 0 || (excerpt is not null && !Words(whole).Contains(Words(shown), StringComparison.Ordinal))) return (Outcome.NotInText, null);
        await connection.ExecuteAsync(new CommandDefinition(
            "update target_replies set excerpt = @shown, published_at = @now where id = @id",
            new { id, shown, now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        return (Outcome.Done, shown);
    }

    public async Task<Outcome> UnpublishAsync(string campaign, long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update target_replies set excerpt = null, published_at = null where campaign = @campaign and id = @id",
            new { campaign, id }, cancellationToken: cancellationToken)) == 1 ? Outcome.Done : Outcome.NotFound;
    }

    /// <summary>
    /// What the campaign page and its JSON show, oldest answer first. Read like the public counts: at most once a
    /// second per campaign, whatever the number of readers; a publication shows within about a second.
    /// </summary>
    public Task<IReadOnlyList<Published>> PublishedAsync(string campaign, CancellationToken cancellationToken) =>
        published.GetOrAdd(campaign, slug => new SharedRefresh<IReadOnlyList<Published>>(_ => ReadPublishedAsync(slug), time,
            SignatureCounts.RefreshEvery, SignatureCounts.ShownStaleAtMost)).GetAsync(cancellationToken);

    private async Task<IReadOnlyList<Published>> ReadPublishedAsync(string campaign)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None); // shared by every reader
        return (await connection.QueryAsync<Published>("""
            select id, target_id as TargetId, kind, received_at as ReceivedAt, excerpt
            from target_replies where campaign = @campaign and published_at is not null
            order by received_at, id
            """, new { campaign })).ToList();
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
