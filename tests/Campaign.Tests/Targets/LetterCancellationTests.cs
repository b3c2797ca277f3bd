using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Targets;

/// <summary>
/// An admin takes back letters before a ministry gets them: one message, a signature's letters, or a campaign's
/// in bulk (by target, time or copies of one text), with the count first. What is cancelled never arrives, the
/// rest does, and a letter a dispatcher has already claimed (sending) is left as it is.
/// </summary>
public sealed class LetterCancellationTests(TargetsService service) : IClassFixture<TargetsService>
{
    private const string Slug = TargetsService.Cancelling;

    [Fact]
    public async Task Cancel_OneBySignatureAndInBulk_CancelledNeverArrive_OthersDo_SendingUntouched()
    {
        await service.PauseAsync(Slug);
        var one = await service.SignAndConfirmAsync(Slug, "c1@example.org");
        var bySignature = await service.SignAndConfirmAsync(Slug, "c2@example.org");
        var onWire = await service.SignAndConfirmAsync(Slug, "c3@example.org");
        var copyA = await service.SignAndConfirmAsync(Slug, "c4@example.org", letterBody: "The same words, pasted.");
        var copyB = await service.SignAndConfirmAsync(Slug, "c5@example.org", letterBody: "the same words pasted");
        var ownWords = await service.SignAndConfirmAsync(Slug, "c6@example.org", letterBody: "Words of my own.");
        var plain = await service.SignAndConfirmAsync(Slug, "c7@example.org");

        // One message.
        var first = await LetterAsync(one, "first");
        var cancelOne = await service.Admin.PostAsync($"/api/admin/messages/{first}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelOne.StatusCode);
        Assert.Equal("cancelled", (await cancelOne.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await service.Admin.PostAsync($"/api/admin/messages/{first}/cancel", null)).StatusCode);

        // Every letter of one signature: one per target.
        Assert.Equal(2, await CancelledAsync(await service.Admin.PostAsync($"/api/admin/signatures/{bySignature}/letters/cancel", null)));

        // A letter a dispatcher has claimed is on the wire: no cancellation may touch it.
        var claimed = await LetterAsync(onWire, "second");
        await service.QueryScalarAsync<int>(
            "update messages set status = 'sending', lease_until = now() + interval '1 hour' where id = @claimed returning 1", new { claimed });

        // In bulk: every waiting letter to the second target, counted first; not the one on the wire.
        Assert.Equal(5, await CountAsync(new { target = "second" }));
        Assert.Equal(0, await CountAsync(new { target = "second", before = "2020-01-01T00:00:00Z" }));
        Assert.Equal(5, await CancelledAsync(await service.PostJsonAsync($"/api/admin/campaigns/{Slug}/letters/cancel", new { target = "second" })));

        // Every copy of one text (to the first target: the second's are gone already).
        var copy = await LetterAsync(copyA, "first");
        Assert.Equal(2, await CountAsync(new { identicalTo = copy }));
        Assert.Equal(2, await CancelledAsync(await service.PostJsonAsync($"/api/admin/campaigns/{Slug}/letters/cancel", new { identicalTo = copy })));
        Assert.Equal(0, await CountAsync(new { identicalTo = copy }));

        await service.ResumeAsync(Slug);
        var arriving = new[] { await LetterAsync(onWire, "first"), await LetterAsync(ownWords, "first"), await LetterAsync(plain, "first") };
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from messages where id = any(@arriving) and status = 'sent'", new { arriving }) == arriving.Length,
            TimeSpan.FromSeconds(30), "the letters nobody cancelled sent");

        var cancelled = new[]
        {
            first, await LetterAsync(one, "second"), await LetterAsync(bySignature, "first"), await LetterAsync(bySignature, "second"),
            await LetterAsync(copyA, "first"), await LetterAsync(copyA, "second"), await LetterAsync(copyB, "first"), await LetterAsync(copyB, "second"),
            await LetterAsync(ownWords, "second"), await LetterAsync(plain, "second"),
        };
        Assert.Equal(cancelled.Length, await service.QueryScalarAsync<long>(
            "select count(*) from messages where id = any(@cancelled) and status = 'cancelled' and last_error is not null", new { cancelled }));
        Assert.Equal("sending", await service.QueryScalarAsync<string>("select status from messages where id = @claimed", new { claimed }));
        var cancelledIds = (await MessageIdsAsync(cancelled)).ToHashSet();
        var received = service.Mailbox.Received.Select(m => TestMailbox.Parse(m).MessageId).ToHashSet();
        Assert.Empty(cancelledIds.Intersect(received));
        Assert.All(await MessageIdsAsync(arriving), id => Assert.Contains(id, received));

        // Every cancellation is an admin action in the audit log.
        var audit = await service.Admin.GetStringAsync("/api/admin/audit");
        Assert.Contains("POST /api/admin/campaigns/{slug}/letters/cancel", audit, StringComparison.Ordinal);
        Assert.Contains("POST /api/admin/signatures/{id:long}/letters/cancel", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"target":"nowhere"}""", "target")]
    [InlineData("""{"target":7}""", "target")]
    [InlineData("""{"before":"last tuesday"}""", "before")]
    [InlineData("""{"identicalTo":"one"}""", "identicalTo")]
    [InlineData("""{"identicalTo":999999999}""", "identicalTo")]
    [InlineData("""{"targt":"first"}""", "targt")]
    [InlineData("""["first"]""", "body")]
    public async Task BulkCancel_BadFilter_Is400NamingTheField_AndCancelsNothing(string body, string field)
    {
        var queuedBefore = await service.QueryScalarAsync<long>("select count(*) from messages where status = 'cancelled'");
        foreach (var path in new[] { $"/api/admin/campaigns/{Slug}/letters/cancel/preview", $"/api/admin/campaigns/{Slug}/letters/cancel" })
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var response = await service.Admin.PostAsync(path, content);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}: {problem}");
        }
        Assert.Equal(queuedBefore, await service.QueryScalarAsync<long>("select count(*) from messages where status = 'cancelled'"));
    }

    [Theory]
    [InlineData("/api/admin/messages/999999999/cancel")]
    [InlineData("/api/admin/signatures/999999999/letters/cancel")]
    [InlineData("/api/admin/campaigns/no-such-campaign/letters/cancel")]
    [InlineData("/api/admin/campaigns/no-such-campaign/letters/cancel/preview")]
    public async Task Cancel_UnknownIdOrSlug_Is404Problem(string path)
    {
        var response = await service.Admin.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cancel_WithoutTheKey_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.PostAsync($"/api/admin/campaigns/{Slug}/letters/cancel", null)).StatusCode);
    }

    private Task<long> LetterAsync(long signature, string target) => service.QueryScalarAsync<long>(
        "select id from messages where signature_id = @signature and target_id = @target and kind = 'letter'", new { signature, target });

    private async Task<List<string>> MessageIdsAsync(long[] ids)
    {
        await using var connection = new Npgsql.NpgsqlConnection(service.ConnectionString);
        return [.. await Dapper.SqlMapper.QueryAsync<string>(connection, "select message_id from messages where id = any(@ids)", new { ids })];
    }

    private async Task<int> CountAsync(object filter)
    {
        var response = await service.PostJsonAsync($"/api/admin/campaigns/{Slug}/letters/cancel/preview", filter);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32();
    }

    private static async Task<int> CancelledAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetInt32();
    }
}
