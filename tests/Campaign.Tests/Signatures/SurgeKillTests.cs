using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Campaign.Service.Embedded;
using Campaign.Tests.Infrastructure;
using Dapper;
using Npgsql;
using Xunit.Abstractions;

namespace Campaign.Tests.Signatures;

/// <summary>
/// Nothing lost (issue 14, point 6): the web front killed with SIGKILL in the middle of a surge and started again.
/// Every supporter told <c>202</c> has their signature and its one confirmation; whoever got an error or no answer
/// has either nothing or a whole signature — never a signature without its confirmation, nor the reverse.
/// </summary>
public sealed class SurgeKillTests(SurgeKillTests.Fixture service, ITestOutputHelper output) : IClassFixture<SurgeKillTests.Fixture>
{
    private const int Signers = 32;
    private const int AcceptedBeforeTheKill = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The in-process service only owns the database here (migrations, keys): the process under test signs, nothing sends.</summary>
    public sealed class Fixture : ServiceFixture
    {
        protected override IEnumerable<string> ExtraSettings => ["--role=web"];
    }

    private enum Answer { NoAnswer, Accepted, Refused }

    [Fact]
    public async Task KilledMidSurge_EveryAcceptedSignatureStandsWithOneConfirmation_AndNothingIsHalfWritten()
    {
        var clock = Stopwatch.StartNew();
        var port = LoopbackPort.FindFree();
        var answers = new ConcurrentDictionary<string, Answer>();
        var refusals = new ConcurrentDictionary<HttpStatusCode, int>();

        int exitCode;
        using (var doomed = await WebProcess.StartAsync(service, port, Patience))
        using (var http = new HttpClient { BaseAddress = doomed.BaseAddress, Timeout = TimeSpan.FromSeconds(30) })
        {
            using var stop = new CancellationTokenSource();
            var accepted = 0;
            var next = 0;
            var surge = Enumerable.Range(0, Signers).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var email = $"surge{Interlocked.Increment(ref next)}@example.org";
                    // Recorded before asking: a request the kill cuts off stays "no answer", as its signer saw it.
                    answers[email] = Answer.NoAnswer;
                    try
                    {
                        // No cancellation: each request runs until it is answered or the kill cuts it off.
                        using var response = await http.PostAsJsonAsync($"/api/campaigns/{TestCampaigns.Petition}/signatures", ServiceFixture.Signer(email));
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            answers[email] = Answer.Accepted;
                            Interlocked.Increment(ref accepted);
                        }
                        else
                        {
                            answers[email] = Answer.Refused;
                            refusals.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The connection died with the process: whether the signature committed, the signer cannot know.
                    }
                }
            })).ToList();

            await ServiceFixture.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref accepted) >= AcceptedBeforeTheKill || surge.Any(t => t.IsCompleted)),
                Patience, $"{AcceptedBeforeTheKill} signatures accepted");
            var acceptedAtTheKill = Volatile.Read(ref accepted);
            // The kill first, while all the signers are still asking: what they were waiting for is cut off mid-flight.
            doomed.Kill();
            stop.Cancel();
            await Task.WhenAll(surge);
            exitCode = doomed.ExitCode;
            output.WriteLine($"killed after {clock.Elapsed.TotalSeconds:F1} s with {acceptedAtTheKill} accepted");
        }

        var accepted202 = Addresses(answers, Answer.Accepted);
        var unanswered = Addresses(answers, Answer.NoAnswer);
        var refused = Addresses(answers, Answer.Refused);
        output.WriteLine($"{answers.Count} asked: {accepted202.Count} accepted, {unanswered.Count} no answer (cut off, or asked after the kill), {refused.Count} refused " +
            $"({string.Join(", ", refusals.Select(r => $"{(int)r.Key}: {r.Value}"))}); exit code {exitCode}");
        Assert.Equal(137, exitCode);
        Assert.True(accepted202.Count >= AcceptedBeforeTheKill, $"only {accepted202.Count} signatures were accepted before the kill");

        using (var successor = await WebProcess.StartAsync(service, port, Patience))
        using (var http = new HttpClient { BaseAddress = successor.BaseAddress })
        {
            output.WriteLine($"restarted after {clock.Elapsed.TotalSeconds:F1} s");
            using var afterwards = await http.PostAsJsonAsync($"/api/campaigns/{TestCampaigns.Petition}/signatures", ServiceFixture.Signer("after.the.restart@example.org"));
            Assert.Equal(HttpStatusCode.Accepted, afterwards.StatusCode);
            accepted202.Add("after.the.restart@example.org");
        }

        // Every 202 is one signature with its one confirmation.
        Assert.Empty(await NotExactlyOneSignatureWithOneConfirmationAsync(accepted202));
        // An error answered nothing was taken: the service says "could not be recorded" only when nothing of it stands.
        Assert.Equal(0L, await service.QueryScalarAsync<long>(
            "select count(*) from signatures where campaign = @slug and email_key = any(@keys)",
            new { slug = TestCampaigns.Petition, keys = refused.Select(service.AddressKey).ToArray() }));
        // Across every row of the campaign, the answered and the cut off alike: nothing half-written.
        Assert.Equal(0L, await service.QueryScalarAsync<long>("""
            select count(*) from signatures s
            where s.campaign = @slug
              and (select count(*) from messages m where m.kind = 'confirmation' and m.signature_id = s.id and m.dedupe_key = 'confirmation:' || s.id) <> 1
            """, new { slug = TestCampaigns.Petition }));
        Assert.Equal(0L, await service.QueryScalarAsync<long>("""
            select count(*) from messages m
            where m.campaign = @slug and m.kind = 'confirmation'
              and not exists (select 1 from signatures s where s.id = m.signature_id and m.dedupe_key = 'confirmation:' || s.id)
            """, new { slug = TestCampaigns.Petition }));
        // And no row from anyone this test did not ask for: the campaign's signatures are the accepted and some of the cut off.
        var rows = await service.QueryScalarAsync<long>("select count(*) from signatures where campaign = @slug", new { slug = TestCampaigns.Petition });
        Assert.InRange(rows, accepted202.Count, accepted202.Count + unanswered.Count);
        output.WriteLine($"{rows - accepted202.Count} of {unanswered.Count} cut-off signings had committed; done in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static List<string> Addresses(ConcurrentDictionary<string, Answer> answers, Answer answer) =>
        [.. answers.Where(a => a.Value == answer).Select(a => a.Key)];

    /// <summary>The addresses among <paramref name="emails"/> without exactly one signature in the campaign and exactly one confirmation for it.</summary>
    private async Task<List<string>> NotExactlyOneSignatureWithOneConfirmationAsync(List<string> emails)
    {
        var byKey = emails.ToDictionary(service.AddressKey);
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        var broken = await connection.QueryAsync<string>("""
            select k.key from unnest(@keys) k(key)
            where (select count(*) from signatures s where s.campaign = @slug and s.email_key = k.key) <> 1
               or (select count(*) from messages m join signatures s on s.id = m.signature_id
                   where m.kind = 'confirmation' and s.campaign = @slug and s.email_key = k.key) <> 1
            """, new { slug = TestCampaigns.Petition, keys = byKey.Keys.ToArray() });
        return [.. broken.Select(key => byKey[key])];
    }
}
