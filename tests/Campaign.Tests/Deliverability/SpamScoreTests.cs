using Campaign.Core.Outbox;
using Xunit.Abstractions;

namespace Campaign.Tests.Deliverability;

/// <summary>
/// Issue 12, point 7: every message of every shipped campaign — letters or deliveries to every target,
/// confirmations, notices — in every language, scored by Debian's SpamAssassin with local rules only, scores
/// at most 2.0. Each test lists every message over the limit at once, with the rules it hit and the
/// <c>preview</c> command that prints it.
/// </summary>
public sealed class SpamScoreTests(ShippedMailScores scores, ITestOutputHelper output) : IClassFixture<ShippedMailScores>
{
    private const double MostPoints = 2.0;

    [Fact]
    public void TargetMail_EveryShippedLetterAndDelivery_ScoresAtMostTwo() =>
        AssertEveryScoreAtMost(scores.AsComposed.Where(m => MessageKind.GoesToTarget(m.Kind)).ToList());

    [Fact]
    public void Confirmations_EveryShippedCampaignAndLanguage_ScoreAtMostTwo() =>
        AssertEveryScoreAtMost(scores.AsComposed.Where(m => m.Kind == MessageKind.Confirmation).ToList());

    [Fact]
    public void Notices_EveryShippedCampaignAndOccasion_ScoreAtMostTwo() =>
        AssertEveryScoreAtMost(scores.AsComposed.Where(m => m.Kind == MessageKind.Notice).ToList());

    [Fact]
    public void AsSent_EveryShippedMessageDkimSigned_ScoresAtMostTwo() =>
        AssertEveryScoreAtMost(scores.AsSentMail);

    [Fact]
    public void Scorer_GtubeTestMessage_IsSpam()
    {
        var verdict = scores.GtubeMessage;

        Assert.True(verdict.Score >= 5.0, verdict.ToString());
        Assert.Contains(verdict.Rules, r => r.Rule == "GTUBE");
    }

    private void AssertEveryScoreAtMost(IReadOnlyList<ScoredMail> mail)
    {
        output.WriteLine($"SpamAssassin scored every shipped message twice (as composed and as sent) in {scores.Elapsed.TotalSeconds:0.0} s");
        foreach (var m in mail) output.WriteLine($"{m.Label}: {m.Verdict}");
        // Every campaign is in: a campaign whose mail was left out would pass unscored.
        Assert.Equal(scores.Campaigns.Order(), mail.Select(m => m.Label.Split(' ')[0]).Distinct().Order());
        var over = mail.Where(m => m.Verdict.Score > MostPoints).ToList();
        Assert.True(over.Count == 0,
            $"{over.Count} of {mail.Count} messages score over {MostPoints} (see one with `dotnet run --project src/Campaign.Service -- <preview words> | spamassassin -t -L`):\n"
            + string.Join("\n", over.Select(m => $"  {m.Label}: {m.Verdict}\n    {m.Preview}")));
    }
}
