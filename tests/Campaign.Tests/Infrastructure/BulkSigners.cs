using Campaign.Core.Privacy;
using Dapper;
using Npgsql;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// Pending signatures with their confirmations, written in bulk as a surge of signing leaves them, and
/// sealed as the service seals them. Shared with the benchmarks, which link this file.
/// </summary>
public static class BulkSigners
{
    /// <returns>The Message-IDs of the queued confirmations.</returns>
    public static async Task<HashSet<string>> QueueConfirmationsAsync(string connectionString, SupporterVault vault, string campaign, string prefix, int first, int count)
    {
        var numbers = Enumerable.Range(first, count).ToArray();
        var emails = numbers.Select(n => $"{prefix}-{n}@example.org").ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        var ids = await connection.QueryAsync<string>("""
            with signed as (
                insert into signatures (campaign, email, email_key, name, country, locale, sealed_with)
                select @campaign, e, k, n, 'KR', 'en', @key from unnest(@sealedEmails, @emailKeys, @names) as s(e, k, n)
                returning id)
            insert into messages (message_id, dedupe_key, campaign, kind, signature_id, language)
            select md5(random()::text) || '@campaign.example', 'confirmation:' || id, @campaign, 'confirmation', id, 'en'
            from signed
            returning message_id
            """, new
        {
            campaign,
            key = vault.CurrentKey,
            sealedEmails = emails.Select(e => vault.Seal(e, SupporterVault.Email)).ToArray(),
            emailKeys = emails.Select(vault.AddressKey).ToArray(),
            names = numbers.Select(n => vault.Seal($"Supporter {n}", SupporterVault.Name)).ToArray(),
        });
        return ids.ToHashSet();
    }
}
