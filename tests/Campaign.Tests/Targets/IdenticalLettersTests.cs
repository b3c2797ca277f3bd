using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Targets;

/// <summary>
/// A flood of one text reaches the ministry as the campaign's letter, not as hundreds of "personal" letters:
/// a letter whose text (modulo case, spacing and punctuation) at least Abuse:IdenticalLettersLimit (20) other
/// signatures share goes as the campaign's letter; one shared by fewer, and a letter of one's own, keep their words.
/// </summary>
public sealed class IdenticalLettersTests(TargetsService service) : IClassFixture<TargetsService>
{
    // One sentence as 21 people might paste it: spacing, case, punctuation and full-width letters differ.
    private static readonly string[] Flood =
    [
        "Stop the forced returns, now!", "stop  the FORCED returns now", "Stop the forced-returns... now!!",
        "Ｓｔｏｐ the forced returns now.", "  STOP THE FORCED RETURNS NOW  ", "Stop the forced returns — now?!",
        "stop the forced returns\n\nnow",
    ];

    [Fact]
    public async Task Letters_WithTwentyIdenticalOthers_GoAsTheCampaignsLetter_WhileFewerCopiesAndOwnWordsKeepTheirText()
    {
        await service.PauseAsync(TargetsService.Copies);
        var flood = new List<long>();
        for (var i = 0; i < 21; i++)
            flood.Add(await service.SignAndConfirmAsync(TargetsService.Copies, $"flood-{i}@example.org", letterBody: Flood[i % Flood.Length]));
        // Twenty of another text: each has only nineteen others, one short of the limit.
        var fewer = new Dictionary<long, string>();
        for (var i = 0; i < 20; i++)
        {
            var text = i % 2 == 0 ? "Please protect the refugees held in Laos." : "please protect the refugees held in laos";
            fewer[await service.SignAndConfirmAsync(TargetsService.Copies, $"fewer-{i}@example.org", letterBody: text)] = text;
        }
        const string ownWords = "I met one of these families in Vientiane last spring; please let them go on.";
        var own = await service.SignAndConfirmAsync(TargetsService.Copies, "own@example.org", letterBody: ownWords);

        await service.ResumeAsync(TargetsService.Copies);
        var letters = await SentLettersAsync(42);

        foreach (var id in flood)
        {
            Assert.Contains(TargetsService.TemplateLine, letters[id], StringComparison.Ordinal);
            Assert.DoesNotContain("forced", letters[id], StringComparison.OrdinalIgnoreCase);
        }
        foreach (var (id, text) in fewer)
        {
            Assert.Contains(text, letters[id], StringComparison.Ordinal);
            Assert.DoesNotContain(TargetsService.TemplateLine, letters[id], StringComparison.Ordinal);
        }
        Assert.Contains(ownWords, letters[own], StringComparison.Ordinal);
        Assert.DoesNotContain(TargetsService.TemplateLine, letters[own], StringComparison.Ordinal);

        // The copies went in the campaign's words, so they are not counted as personal letters.
        var stats = await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/stats");
        var copies = stats!.Single(s => s.GetProperty("slug").GetString() == TargetsService.Copies);
        Assert.Equal(21, copies.GetProperty("personalisedLetters").GetInt64());
    }

    [Fact]
    public async Task Erasure_ForgetsTheKeyOfTheLetter()
    {
        var id = await service.SignDirectlyAsync(TargetsService.Copies, "erased-letter@example.org", letterBody: "Words that tie me to others.");
        Assert.NotNull(await service.QueryScalarAsync<string?>("select letter_key from signatures where id = @id", new { id }));

        (await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email = "erased-letter@example.org" })).EnsureSuccessStatusCode();

        Assert.Null(await service.QueryScalarAsync<string?>("select letter_key from signatures where id = @id", new { id }));
    }

    /// <summary>The text part of each letter the relay received, by the signature it was written for.</summary>
    private async Task<Dictionary<long, string>> SentLettersAsync(int count)
    {
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from messages where campaign = @slug and kind = 'letter' and status = 'sent'", new { slug = TargetsService.Copies }) == count,
            TimeSpan.FromSeconds(60), $"{count} letters sent");
        var bySignature = new Dictionary<string, long>();
        await using (var connection = new Npgsql.NpgsqlConnection(service.ConnectionString))
        {
            foreach (var (messageId, signature) in await Dapper.SqlMapper.QueryAsync<(string, long)>(connection,
                "select message_id, signature_id from messages where campaign = @slug and kind = 'letter'", new { slug = TargetsService.Copies }))
                bySignature[messageId] = signature;
        }
        return service.Mailbox.Received.Select(TestMailbox.Parse)
            .Where(m => m.MessageId is { } id && bySignature.ContainsKey(id))
            .ToDictionary(m => bySignature[m.MessageId!], m => m.TextBody ?? "");
    }
}
