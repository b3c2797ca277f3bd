using Campaign.Core.Campaigns;
using Campaign.Core.Notices;
using Dapper;
using Hangfire;
using Npgsql;

namespace Campaign.Core.Organizers;

/// <summary>
/// Schedules the Hangfire delayed jobs that open and close each campaign on time. Each job's id is kept, so a
/// restart leaves a job in place, and an edited <c>opens</c>/<c>closes</c> replaces it rather than adding one.
/// A moment already past runs at once (the service was down then); what happened before is never redone.
/// </summary>
public sealed class CampaignTimers(NpgsqlDataSource dataSource, IBackgroundJobClient jobs, TimeProvider time)
{
    private sealed record Timer(string Event, DateTime DueAt, string JobId);

    public async Task ScheduleAsync(IEnumerable<CampaignDefinition> campaigns, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var campaign in campaigns)
        {
            var done = (await connection.QueryAsync<string>(
                "select event from campaign_events where campaign = @slug and event in ('opened', 'closed')", new { slug = campaign.Slug })).ToHashSet();
            var timers = (await connection.QueryAsync<Timer>(
                "select event, due_at as DueAt, job_id as JobId from campaign_timers where campaign = @slug", new { slug = campaign.Slug }))
                .ToDictionary(t => t.Event);
            var live = campaign.Status is CampaignStatus.Active or CampaignStatus.Paused;
            // Announcing that a campaign opened makes no sense once it has closed.
            var over = campaign.Closes <= time.GetUtcNow();
            await SetAsync(connection, campaign.Slug, NoticeEvents.Opened, live && !over && !done.Contains("opened") ? campaign.Opens : null, timers,
                due => jobs.Schedule<CampaignLifecycle>(l => l.OpenAsync(campaign.Slug, CancellationToken.None), due));
            await SetAsync(connection, campaign.Slug, NoticeEvents.Closed, live && !done.Contains("closed") ? campaign.Closes : null, timers,
                due => jobs.Schedule<CampaignLifecycle>(l => l.CloseAsync(campaign.Slug, CancellationToken.None), due));
        }
    }

    private async Task SetAsync(NpgsqlConnection connection, string slug, string @event, DateTimeOffset? due,
        Dictionary<string, Timer> timers, Func<DateTimeOffset, string> schedule)
    {
        var existing = timers.GetValueOrDefault(@event);
        if (existing is not null && due is { } same && existing.DueAt == same.UtcDateTime) return;
        if (existing is not null)
        {
            jobs.Delete(existing.JobId);
            await connection.ExecuteAsync("delete from campaign_timers where campaign = @slug and event = @event", new { slug, @event });
        }

        if (due is not { } when) return;
        var jobId = schedule(when);
        await connection.ExecuteAsync("""
            insert into campaign_timers (campaign, event, due_at, job_id) values (@slug, @event, @dueAt, @jobId)
            on conflict (campaign, event) do update set due_at = excluded.due_at, job_id = excluded.job_id
            """, new { slug, @event, dueAt = when.UtcDateTime, jobId });
    }
}
