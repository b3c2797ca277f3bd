using Campaign.Core.Campaigns;
using Campaign.Core.Notices;
using Campaign.Core.Privacy;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// Notices a fake surge: after each new signature, how many came in the last hour from its email domain, its
/// network and its country. The first to cross <see cref="SurgeOptions"/>'s threshold in a clock hour records
/// an alert (the admin dashboard lists it) and queues one notice to the organizers; the rest of the hour adds none.
/// </summary>
public sealed partial class SurgeWatch(NpgsqlDataSource dataSource, OrganizerNotices notices, KeyRing ring, IOptions<SurgeOptions> options,
    TimeProvider time, ILogger<SurgeWatch> logger)
{
    private readonly SourceKeys keys = new(ring);

    // Each count stops at its threshold (limit), so a busy source costs one short index range per signature,
    // not a count of everything it sent. The primary key of surge_alerts makes the crossing one row, whoever races.
    private const string RecordCrossings = """
        with counted (source, source_key, signatures, threshold) as (values
            ('domain', @DomainKey::text, (select count(*) from (select 1 from signatures
                where campaign = @Campaign and domain_key = @DomainKey and created_at > @Since limit @PerHour) d)::int, @PerHour),
            ('network', @NetworkKey::text, (select count(*) from (select 1 from signatures
                where campaign = @Campaign and network_key = @NetworkKey and created_at > @Since limit @PerHour) n)::int, @PerHour),
            ('country', @Country::text, (select count(*) from (select 1 from signatures
                where campaign = @Campaign and country = @Country and created_at > @Since limit @CountryPerHour) c)::int, @CountryPerHour))
        insert into surge_alerts (campaign, source, source_key, hour, signatures, alerted_at)
        select @Campaign, source, source_key, @Hour, signatures, @Now from counted
        where source_key is not null and threshold > 0 and signatures >= threshold
        on conflict do nothing
        returning campaign, source, source_key as SourceKey, hour, signatures, alerted_at as AlertedAt, 0::bigint as LastHour, 0::bigint as StillCounting
        """;

    /// <summary>Checks the sources of a signature just made; the alerts it raised (none, almost always).</summary>
    public async Task<IReadOnlyList<SurgeAlert>> CheckAsync(CampaignDefinition campaign, SignatureRequest request, SignatureSource source,
        CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        if (limits.SurgeAlertPerHour <= 0 && limits.SurgeCountryAlertPerHour <= 0) return [];
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var alerts = (await connection.QueryAsync<SurgeAlert>(RecordCrossings, new
        {
            Campaign = campaign.Slug,
            DomainKey = limits.SurgeAlertPerHour > 0 ? keys.Domain(request.Email) : null,
            NetworkKey = limits.SurgeAlertPerHour > 0 && source.Network is { } network ? keys.Network(network) : null,
            Country = limits.SurgeCountryAlertPerHour > 0 ? request.Country : null,
            Since = (now - TimeSpan.FromHours(1)).UtcDateTime,
            PerHour = limits.SurgeAlertPerHour,
            CountryPerHour = limits.SurgeCountryAlertPerHour,
            Hour = new DateTime(now.UtcDateTime.Year, now.UtcDateTime.Month, now.UtcDateTime.Day, now.UtcDateTime.Hour, 0, 0, DateTimeKind.Utc),
            Now = now.UtcDateTime,
        }, transaction)).ToList();
        foreach (var alert in alerts)
        {
            // Keys only, never the domain: the notice is stored (notices.reason) and mailed.
            var shown = alert.Source == SurgeAlert.Country ? alert.SourceKey : SourceKeys.Shown(alert.SourceKey);
            var facts = new NoticeFacts(NoticeEvents.Surge, 0, SignatureCounts.Confirmed(connection, campaign.Slug), null, alert.Signatures,
                $"{alert.Source} {shown}");
            await notices.QueueAsync(connection, transaction, campaign, facts,
                $"surge:{alert.Source}:{alert.SourceKey}:{alert.Hour:yyyyMMddHH}", null, now);
            LogSurge(campaign.Slug, alert.Source, shown, alert.Signatures);
        }
        await transaction.CommitAsync(cancellationToken);
        return alerts;
    }

    /// <summary>
    /// How far the list counts a source's last hour. A surge is when admins look, and a source that sent a million
    /// signatures would otherwise be counted row by row on every refresh of the dashboard; past this it reads
    /// "at least", and the invalidation preview counts exactly.
    /// </summary>
    public const int CountedUpTo = 1_000;

    /// <summary>The alerts of the last <paramref name="hours"/>, newest first, with what each source sent in the hour up to now (up to <see cref="CountedUpTo"/>).</summary>
    public async Task<IReadOnlyList<SurgeAlert>> RecentAsync(int hours, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SurgeAlert>(new CommandDefinition("""
            select a.campaign, a.source, a.source_key as SourceKey, a.hour, a.signatures, a.alerted_at as AlertedAt,
                   coalesce(n.total, 0) as LastHour, coalesce(n.counting, 0) as StillCounting
            from surge_alerts a
            left join lateral (
                select count(*) as total, count(*) filter (where s.status in ('pending', 'confirmed')) as counting
                from (select s.status from signatures s
                      where s.campaign = a.campaign and s.created_at > @since
                        and case a.source when 'domain' then s.domain_key = a.source_key
                                          when 'network' then s.network_key = a.source_key
                                          else s.country = a.source_key end
                      limit @cap) s) n on true
            where a.alerted_at > @after
            order by a.alerted_at desc
            limit 200
            """, new { since = now.AddHours(-1), after = now.AddHours(-hours), cap = CountedUpTo }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Surge in campaign {Campaign}: {Signatures} signatures within an hour from one {Source} ({Key}); the organizers are told")]
    private partial void LogSurge(string campaign, string source, string key, int signatures);
}
