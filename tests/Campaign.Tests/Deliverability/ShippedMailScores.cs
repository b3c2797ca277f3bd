using System.Diagnostics;
using Campaign.Core.Campaigns;
using Campaign.Core.Deliverability;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Campaign.Tests.Deliverability;

/// <summary>One distinct shipped message and its score.</summary>
/// <param name="Label">Campaign, kind, variant and the languages it was composed in (one entry where they give the same message).</param>
public sealed record ScoredMail(string Kind, string Label, string Preview, SpamVerdict Verdict);

/// <summary>
/// Every shipped message scored once, in one SpamAssassin run shared by the tests of <see cref="SpamScoreTests"/>:
/// as composed (what <c>preview</c> prints), and as it will be sent (see <see cref="AsSent"/>), plus the
/// GTUBE test message, which must score as spam, so a scorer that sees nothing cannot pass.
/// </summary>
public sealed class ShippedMailScores : IAsyncLifetime
{
    // The test string of the Generic Test for Unsolicited Bulk Email: every SpamAssassin scores it 1000.
    private const string Gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    private string? problem;
    private IReadOnlyList<ScoredMail> asComposed = [];
    private IReadOnlyList<ScoredMail> asSent = [];
    private SpamVerdict? gtube;

    public IReadOnlyList<ScoredMail> AsComposed => Ready(asComposed);
    public IReadOnlyList<ScoredMail> AsSentMail => Ready(asSent);
    public SpamVerdict GtubeMessage => Ready(gtube)!;
    public IReadOnlyList<string> Campaigns { get; private set; } = [];
    public TimeSpan Elapsed { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var root = RepositoryRoot.Find();
        var settings = ServiceSettings.Read(new ConfigurationBuilder().Build(), root);
        var shipped = ServiceInstance.LoadCampaigns(Path.Combine(root, "campaigns"));
        Campaigns = shipped.All.Select(c => c.Slug).ToList();
        // Notices are in English whatever the language: the same message once, not once per language.
        var distinct = ShippedMail.All(shipped, settings)
            .GroupBy(m => (m.Campaign, m.Kind, m.Variant, m.Message.Subject, m.Message.TextBody, m.Message.HtmlBody))
            .Select(g => (First: g.First(), Label: $"{g.Key.Campaign} {g.Key.Kind} {g.Key.Variant} in {string.Join("/", g.Select(m => m.Language))}"))
            .ToList();
        using var signer = new MailSigner(MailSigner.GenerateKey(), settings.Mail.FromDomain(), settings.Mail.Dkim.Selector);
        var messages = distinct.Select(d => d.First.Message)
            .Concat(distinct.Select(d => AsSent.Of(d.First, signer)))
            .Append(GtubeMessageItself())
            .ToList();
        try
        {
            var verdicts = await SpamAssassin.ScoreAsync(messages);
            asComposed = distinct.Select((d, i) => new ScoredMail(d.First.Kind, d.Label, d.First.Preview, verdicts[i])).ToList();
            asSent = distinct.Select((d, i) => new ScoredMail(d.First.Kind, d.Label, d.First.Preview, verdicts[distinct.Count + i])).ToList();
            gtube = verdicts[^1];
        }
        catch (InvalidOperationException e)
        {
            problem = e.Message;
        }
        Elapsed = clock.Elapsed;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private T Ready<T>(T value) => problem is null ? value : throw new InvalidOperationException(problem);

    private static MimeMessage GtubeMessageItself()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("campaigns@campaign.example"));
        message.To.Add(MailboxAddress.Parse("supporter@example.org"));
        message.Subject = "GTUBE";
        message.Body = new TextPart("plain") { Text = $"This is the GTUBE, the\n\n{Gtube}\n" };
        return message;
    }
}
