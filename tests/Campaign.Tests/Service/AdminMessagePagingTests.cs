using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Campaign.Tests.Service;

/// <summary>
/// A campaign with more messages than a page is audited through the API: each page's <c>Link: rel="next"</c>
/// leads on, every message is seen once, and the filters narrow the walk.
/// </summary>
public sealed partial class AdminMessagePagingTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    // A closed campaign: no signatures, no notices, so the messages it has are exactly the ones seeded here.
    private const string Campaign = TestCampaigns.Closed;
    private const int Rows = 2500;

    [Fact]
    public async Task Messages_NewestFirst_WalkedByNextLinks_SeesEveryMessageOnce()
    {
        await SeedAsync();

        var (ids, pages) = await WalkAsync($"/api/admin/messages?campaign={Campaign}&limit=1000");

        Assert.Equal(3, pages); // 1000, 1000, 500: the last page carries no next link
        Assert.Equal(Rows, ids.Count);
        Assert.Equal(await IdsAsync("campaign = @Campaign"), ids.Order().ToList());
        Assert.Equal(ids.OrderDescending(), ids); // newest first across every page
    }

    [Fact]
    public async Task Messages_AfterAnId_WalksOldestFirstToTheEnd()
    {
        await SeedAsync();
        var all = await IdsAsync("campaign = @Campaign");

        var (ids, pages) = await WalkAsync($"/api/admin/messages?campaign={Campaign}&after={all[99]}&limit=700");

        Assert.Equal(all.Skip(100), ids); // oldest first, starting just above the id
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task Messages_ByKindAndTarget_NextLinksKeepTheFilters()
    {
        await SeedAsync();

        var first = await service.Admin.GetAsync($"/api/admin/messages?campaign={Campaign}&kind=delivery&target=first");
        var next = NextLink(first);
        var (ids, _) = await WalkAsync($"/api/admin/messages?campaign={Campaign}&kind=delivery&target=first");

        Assert.NotNull(next);
        foreach (var kept in new[] { $"campaign={Campaign}", "kind=delivery", "target=first", "limit=100", "before=" })
            Assert.Contains(kept, next, StringComparison.Ordinal);
        Assert.Equal(await IdsAsync("campaign = @Campaign and kind = 'delivery' and target_id = 'first'"), ids.Order().ToList());
        Assert.Equal(Rows / 10, ids.Count); // every fifth row is a delivery, every other row is for "first"
    }

    [Fact]
    public async Task Messages_FilteredByKind_ListsOnlyThatKind()
    {
        await SeedAsync();

        var letters = await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/messages?campaign={Campaign}&kind=letter&target=second&limit=1000");

        Assert.Equal(Rows * 4 / 10, letters!.Count);
        Assert.All(letters, m =>
        {
            Assert.Equal("letter", m.GetProperty("kind").GetString());
            Assert.Equal("second", m.GetProperty("target").GetString());
        });
    }

    [Fact]
    public async Task Messages_WithoutLimit_AnswersAPageOf100WithANextLink()
    {
        await SeedAsync();

        var response = await service.Admin.GetAsync($"/api/admin/messages?campaign={Campaign}");

        Assert.Equal(100, (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!.Count);
        Assert.StartsWith("/api/admin/messages?", NextLink(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("before=abc", "before")]
    [InlineData("before=-5", "before")]
    [InlineData("after=1.5", "after")]
    [InlineData("kind=postcard", "kind")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=many", "limit")]
    public async Task Messages_BadField_Answers400NamingIt(string query, string field)
    {
        var response = await service.Admin.GetAsync($"/api/admin/messages?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    /// <summary>Follows next links from <paramref name="url"/> until a page has none.</summary>
    private async Task<(List<long> Ids, int Pages)> WalkAsync(string url)
    {
        var ids = new List<long>();
        var pages = 0;
        for (string? next = url; next is not null; pages++)
        {
            Assert.True(pages < 100, "the walk does not end");
            var response = await service.Admin.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.AddRange((await response.Content.ReadFromJsonAsync<List<JsonElement>>())!.Select(m => m.GetProperty("id").GetInt64()));
            next = NextLink(response);
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
        return (ids, pages);
    }

    private static string? NextLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values) && NextRel().Match(string.Join(",", values)) is { Success: true } match
            ? match.Groups[1].Value
            : null;

    private async Task SeedAsync()
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        // Sent rows, so the dispatcher leaves them alone; seeded once for the class.
        await connection.ExecuteAsync("""
            insert into messages (message_id, dedupe_key, campaign, kind, target_id, to_address, language, status, attempts, sent_at)
            select 'paging-' || i || '@campaign.example', 'paging-' || i, @Campaign,
                   case when i % 5 = 0 then 'delivery' else 'letter' end,
                   case when i % 2 = 0 then 'first' else 'second' end,
                   'ministry@example.org', 'en', 'sent', 1, now()
            from generate_series(1, @Rows) i
            where not exists (select 1 from messages where campaign = @Campaign)
            """, new { Campaign, Rows });
    }

    private async Task<List<long>> IdsAsync(string where)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        return (await connection.QueryAsync<long>($"select id from messages where {where} order by id", new { Campaign })).ToList();
    }

    [GeneratedRegex("<([^>]+)>;\\s*rel=\"next\"")]
    private static partial Regex NextRel();
}
