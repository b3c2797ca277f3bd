using Dapper;
using Npgsql;

namespace Campaign.Core.Outbox;

/// <summary>
/// An admin takes back mail that has not gone yet: one message, every letter of one signature, or a campaign's
/// queued letters (to one target, queued before a time, or copies of one text). Only <c>queued</c> and
/// <c>deferred</c> rows become <c>cancelled</c>, with the reason, each in a single UPDATE whose condition is
/// checked again on rows a dispatcher holds: a row it claimed (<c>sending</c>) is on the wire and stays as it is.
/// </summary>
public sealed class LetterCancellations(NpgsqlDataSource dataSource)
{
    public const string OneByAdmin = "cancelled by an admin";
    public const string SignatureByAdmin = "an admin cancelled this signature's letters";
    public const string BulkByAdmin = "an admin cancelled queued letters in bulk";

    public enum Outcome { Cancelled, NotFound, NotCancellable }

    /// <summary>Which of a campaign's queued letters: each narrows when set.</summary>
    /// <param name="Target">A target id of the campaign.</param>
    /// <param name="Before">Letters queued before this time.</param>
    /// <param name="LetterKey">Letters whose supporter wrote this text (<c>signatures.letter_key</c>), see <see cref="LetterKeyOfAsync"/>.</param>
    public sealed record Filter(string? Target, DateTimeOffset? Before, string? LetterKey);

    private const string Waiting = "status in ('queued', 'deferred')";

    private const string Chosen = $"""
        campaign = @Campaign and kind = 'letter' and {Waiting}
        and (@Target::text is null or target_id = @Target)
        and (@Before::timestamptz is null or created_at < @Before)
        and (@LetterKey::text is null or signature_id in (select id from signatures where campaign = @Campaign and letter_key = @LetterKey))
        """;

    /// <summary>Cancels one message of any kind; a message that is not waiting is left alone and its status told.</summary>
    public async Task<(Outcome Outcome, string? Status)> CancelMessageAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition($"""
            update messages set status = 'cancelled', last_error = @reason, lease_until = null where id = @id and {Waiting}
            """, new { id, reason = OneByAdmin }, cancellationToken: cancellationToken));
        if (updated == 1) return (Outcome.Cancelled, MessageStatus.Cancelled);
        var status = await connection.ExecuteScalarAsync<string?>("select status from messages where id = @id", new { id });
        return status is null ? (Outcome.NotFound, null) : (Outcome.NotCancellable, status);
    }

    /// <summary>Cancels every waiting letter of one signature; null when there is no such signature.</summary>
    public async Task<int?> CancelSignatureAsync(long signatureId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from signatures where id = @signatureId)", new { signatureId }))
            return null;
        return await connection.ExecuteAsync(new CommandDefinition($"""
            update messages set status = 'cancelled', last_error = @reason, lease_until = null
            where signature_id = @signatureId and kind = 'letter' and {Waiting}
            """, new { signatureId, reason = SignatureByAdmin }, cancellationToken: cancellationToken));
    }

    /// <summary>How many letters <see cref="CancelAsync"/> would cancel now.</summary>
    public async Task<int> CountAsync(string campaign, Filter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"select count(*)::int from messages where {Chosen}", Parameters(campaign, filter), cancellationToken: cancellationToken));
    }

    public async Task<int> CancelAsync(string campaign, Filter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            update messages set status = 'cancelled', last_error = @Reason, lease_until = null where {Chosen}
            """, Parameters(campaign, filter), cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The key of the text a letter of this campaign carries, for "every copy of this one"; null when there is no
    /// such letter or its supporter wrote none of their own (it is the campaign's letter; nothing to match).
    /// </summary>
    public async Task<string?> LetterKeyOfAsync(string campaign, long messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
            select s.letter_key from messages m join signatures s on s.id = m.signature_id
            where m.id = @messageId and m.campaign = @campaign and m.kind = 'letter'
            """, new { messageId, campaign }, cancellationToken: cancellationToken));
    }

    private static object Parameters(string campaign, Filter filter) => new
    {
        Campaign = campaign,
        filter.Target,
        Before = filter.Before?.UtcDateTime,
        filter.LetterKey,
        Reason = BulkByAdmin,
    };
}
