using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Signatures;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Signatures;

/// <summary>
/// Signatures arriving together are written together: one transaction for many (rows that share a transaction share
/// their <c>xmin</c>), each answered only after its batch committed, each exactly as if signed alone.
/// </summary>
public sealed class GroupCommitTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task ManySignaturesAtOnce_CommitInFewTransactions_EachWithItsOneConfirmation()
    {
        var emails = Enumerable.Range(0, 300).Select(i => $"together{i}@example.org").ToList();

        var answers = await Task.WhenAll(emails.Select(e => service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(e))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var keys = emails.Select(service.AddressKey).ToArray();
        Assert.Equal(300L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = any(@keys)", new { keys }));
        var transactions = await service.QueryScalarAsync<long>("select count(distinct xmin::text) from signatures where email_key = any(@keys)", new { keys });
        Assert.True(transactions < 300, $"300 signatures at once took {transactions} transactions");
        Assert.Equal(300L, await service.QueryScalarAsync<long>("""
            select count(*) from messages m join signatures s on s.id = m.signature_id
            where m.kind = 'confirmation' and s.email_key = any(@keys)
            """, new { keys }));
    }

    [Fact]
    public async Task OneMailboxTwiceInOneSurge_IsOneSignatureWithOneConfirmation_AndTheSameAnswers()
    {
        var emails = Enumerable.Range(0, 60).Select(i => i % 6 == 0 ? "twice.in.a.batch@example.org" : $"among{i}@example.org").ToList();

        var answers = await Task.WhenAll(emails.Select(e => service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(e))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Single(answers.Select(a => a.Content.ReadAsStringAsync().Result).Distinct());
        var key = service.AddressKey("twice.in.a.batch@example.org");
        Assert.Equal(1L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @key", new { key }));
        Assert.Equal(1L, await service.QueryScalarAsync<long>("""
            select count(*) from messages m join signatures s on s.id = m.signature_id where m.kind = 'confirmation' and s.email_key = @key
            """, new { key }));
    }

    [Fact]
    public async Task OneBatch_WithAMailboxThriceAcrossTwoCampaigns_AnswersAndQueuesExactlyAsTheSameSigningsOneByOne()
    {
        // The same mailbox (dots, a +tag and upper case are one person on gmail.com) twice in one campaign and once in another.
        string[] Mailbox(string who) => [$"{who}.x@gmail.com", $"{who}x+again@gmail.com", $"{who.ToUpperInvariant()}X@gmail.com", $"other.{who}@example.org"];
        string[] slugs = [TestCampaigns.Petition, TestCampaigns.Petition, TestCampaigns.Delivery, TestCampaigns.Petition];
        var book = service.Service.Services.GetRequiredService<SignatureBook>();
        var catalog = service.Service.Services.GetRequiredService<CampaignCatalog>();
        Signing Signing(string slug, string email) => new(catalog.Find(slug)!, new SignatureRequest("Ana Kim", email, "KR", null, "en", null, null, false), SignatureSource.Unknown);

        var batched = await book.SignManyAsync([.. Mailbox("batch").Select((email, i) => Signing(slugs[i], email))]);
        var alone = new List<SignOutcome>();
        foreach (var (email, i) in Mailbox("alone").Select((email, i) => (email, i))) alone.Add(await book.SignAsync(catalog.Find(slugs[i])!, Signing(slugs[i], email).Request));

        Assert.Equal(alone, batched);
        Assert.Equal([SignOutcome.Pending, SignOutcome.AlreadySigned, SignOutcome.Pending, SignOutcome.Pending], batched);
        Assert.Equal(await QueuedAsync("alone"), await QueuedAsync("batch"));

        // What each mailbox got: its signatures by campaign, and their confirmation emails.
        async Task<string> QueuedAsync(string who) => string.Join(", ", await Task.WhenAll(Mailbox(who).Distinct().Select(async email =>
        {
            var key = service.AddressKey(email);
            return await service.QueryScalarAsync<string>("""
                select coalesce(string_agg(s.campaign || ':' || (select count(*) from messages m where m.signature_id = s.id and m.kind = 'confirmation'), ' ' order by s.campaign), '')
                from signatures s where s.email_key = @key
                """, new { key });
        })));
    }

    [Fact]
    public async Task ASignatureTheDatabaseRefuses_FailsAlone_With503_AndTheOthersOfItsBatchStand()
    {
        // A fault no check of ours can provoke: the database refuses one row (a trigger stands in for a constraint we missed).
        await service.QueryScalarAsync<int>("""
            create function refuse_marked() returns trigger language plpgsql as $$
            begin if new.country = 'AQ' then raise exception 'refused by the test'; end if; return new; end $$;
            create trigger refuse_marked before insert on signatures for each row execute function refuse_marked();
            select 1;
            """);
        try
        {
            var emails = Enumerable.Range(0, 40).Select(i => $"batchmate{i}@example.org").ToList();
            var good = emails.Select(e => service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(e))).ToList();
            var bad = service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("refused@example.org", country: "AQ"));

            var answers = await Task.WhenAll(good);
            var refused = await bad;

            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("The signature could not be recorded.", problem.GetProperty("title").GetString());
            Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @key", new { key = service.AddressKey("refused@example.org") }));
            var keys = emails.Select(service.AddressKey).ToArray();
            Assert.Equal(40L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = any(@keys)", new { keys }));
        }
        finally
        {
            await service.QueryScalarAsync<int>("drop trigger refuse_marked on signatures; drop function refuse_marked(); select 1;");
        }
    }
}

/// <summary>A writer with room for one waiting signature and one per batch: a surge fills its queue at once.</summary>
public sealed class FullSigningQueueTests(FullSigningQueueTests.Fixture service) : IClassFixture<FullSigningQueueTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        protected override IEnumerable<string> ExtraSettings => ["--Signing:QueueLimit=1", "--Signing:BatchSize=1", "--Signing:RetryAfter=00:00:03"];
    }

    [Fact]
    public async Task ASurgePastTheQueue_GetsFast503sWithRetryAfter_AndEvery202IsARow()
    {
        var emails = Enumerable.Range(0, 120).Select(i => $"queued{i}@example.org").ToList();

        var answers = await Task.WhenAll(emails.Select(e => service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(e))));

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(refused);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }));
        Assert.All(refused, a => Assert.Equal(TimeSpan.FromSeconds(3), a.Headers.RetryAfter?.Delta));
        var problem = await refused[0].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Signing:QueueLimit", problem.GetProperty("limit").GetString());
        var accepted = emails.Where((_, i) => answers[i].StatusCode == HttpStatusCode.Accepted).Select(service.AddressKey).ToArray();
        var all = emails.Select(service.AddressKey).ToArray();
        Assert.Equal(accepted.Length, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = any(@all)", new { all }));
        Assert.Equal(accepted.Length, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = any(@accepted)", new { accepted }));
    }
}
