using System.Text;
using Campaign.Service.Embedded;
using Campaign.Tests.Infrastructure;
using MimeKit;

namespace Campaign.Tests.Disclosure;

/// <summary>
/// What a target receives, checked on the bytes the relay received: the supporter's address only in
/// Reply-To and only when they asked for replies on a campaign that allows them; their name only with share.
/// </summary>
public sealed class LetterDisclosureTests(DisclosureFixture service) : IClassFixture<DisclosureFixture>
{
    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>Every place a reader could find a word: the raw message, each decoded header and each decoded part.</summary>
    private static IEnumerable<(string Where, string Text)> Everywhere(CapturedMail mail, bool exceptReplyTo = false)
    {
        var message = TestMailbox.Parse(mail);
        if (!exceptReplyTo) yield return ("raw bytes", Encoding.UTF8.GetString(mail.Raw));
        foreach (var header in message.Headers.Where(h => !exceptReplyTo || h.Id != HeaderId.ReplyTo))
            yield return ($"header {header.Field}", header.Value);
        foreach (var part in message.BodyParts.OfType<TextPart>()) yield return ($"{part.ContentType.MimeType} part", part.Text);
    }

    private static void AbsentFrom(IReadOnlyList<CapturedMail> letters, string marker, bool exceptReplyTo = false)
    {
        Assert.NotEmpty(letters);
        foreach (var letter in letters)
        {
            foreach (var (where, text) in Everywhere(letter, exceptReplyTo))
                Assert.False(text.Contains(marker, StringComparison.OrdinalIgnoreCase), $"'{marker}' is in the {where} of a letter");
        }
    }

    [Fact]
    public async Task Letters_DefaultChoices_CarryNeitherTheAddressNorTheName()
    {
        var local = Unique("hidden");
        var email = $"{local}@example.org";
        var name = Unique("Quarrington");

        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, email,
            new { name, email, country = "KR", consent = true, comment = "my own comment" });

        Assert.Equal(2, letters.Count);
        AbsentFrom(letters, local);
        AbsentFrom(letters, name);
        var english = letters.Select(TestMailbox.Parse).Single(m => m.Headers["X-Campaign-Target"] == TestCampaigns.FirstTargetEmail);
        Assert.Equal("Let them pass", Assert.Single(english.From.Mailboxes).Name);
        Assert.Equal("campaigns@campaign.example", Assert.Single(english.From.Mailboxes).Address);
        Assert.Equal(DisclosureFixture.CampaignReplyTo, Assert.Single(english.ReplyTo.Mailboxes).Address);
        Assert.Equal("A letter from A supporter of this campaign", english.Subject);
        Assert.Contains("A supporter of this campaign ()", english.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("(KR)", english.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Letters_RepliesOnACampaignThatForbidsThem_StillCarryNoAddress()
    {
        var local = Unique("asked");
        var email = $"{local}@example.org";

        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, email,
            ServiceFixture.Signer(email, name: Unique("Named"), share: true, replies: true));

        AbsentFrom(letters, local);
        Assert.All(letters, l => Assert.Equal(DisclosureFixture.CampaignReplyTo, Assert.Single(TestMailbox.Parse(l).ReplyTo.Mailboxes).Address));
    }

    [Fact]
    public async Task Letters_ShareAndRepliesOnACampaignThatAllowsThem_NameInFromAndBodyAddressOnlyInReplyTo()
    {
        var local = Unique("reachable");
        var email = $"{local}@example.org";
        var name = Unique("Seo");

        var letters = await SignedLetters.SignAndSendAsync(service, DisclosureFixture.Replies, email,
            ServiceFixture.Signer(email, name: name, share: true, replies: true));

        var letter = Assert.Single(letters);
        var message = TestMailbox.Parse(letter);
        Assert.Equal(email, Assert.Single(message.ReplyTo.Mailboxes).Address);
        AbsentFrom(letters, local, exceptReplyTo: true);
        var raw = Encoding.UTF8.GetString(letter.Raw);
        Assert.Equal(1, CountOf(raw, local)); // the Reply-To header, and nowhere else
        Assert.Equal(name, Assert.Single(message.From.Mailboxes).Name);
        Assert.Equal("campaigns@campaign.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Contains($"{name} (KR)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{name} (KR)", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Letters_RepliesWithoutShare_AddressInReplyToButNoName()
    {
        var local = Unique("answerme");
        var email = $"{local}@example.org";
        var name = Unique("Unnamed");

        var letters = await SignedLetters.SignAndSendAsync(service, DisclosureFixture.Replies, email,
            ServiceFixture.Signer(email, name: name, share: false, replies: true));

        var message = TestMailbox.Parse(Assert.Single(letters));
        Assert.Equal(email, Assert.Single(message.ReplyTo.Mailboxes).Address);
        AbsentFrom(letters, name);
        AbsentFrom(letters, local, exceptReplyTo: true);
        Assert.Equal("Write to the rapporteur", Assert.Single(message.From.Mailboxes).Name);
        Assert.Contains("Someone who cares ()", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPreview_ShareFalse_ShowsTheAnonymousLetterAndDefaultShowsTheNamedOne()
    {
        var anonymous = await service.Admin.GetStringAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/preview?target=first&share=false");
        var named = await service.Admin.GetStringAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/preview?target=first");

        Assert.Contains("A supporter of this campaign", anonymous, StringComparison.Ordinal);
        Assert.DoesNotContain("Sample Supporter", anonymous, StringComparison.Ordinal);
        Assert.Contains("Sample Supporter (KR)", named, StringComparison.Ordinal);
        Assert.DoesNotContain("supporter@example.org", anonymous + named, StringComparison.Ordinal);
    }

    private static readonly string[] Hostile =
    [
        "![](https://t.example/p.png)",
        "[UNHCR](https://phish.example)",
        "<b>x</b>",
        "{{ campaign.slug }}",
        "<https://auto.example> https://bare.example &lt;i&gt;",
    ];

    public static TheoryData<string> HostileNames => new(Hostile);

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task Letters_SupporterTextWithMarkup_ArrivesAsLiteralText(string hostile)
    {
        var email = $"{Unique("markup")}@example.org";

        var letters = await SignedLetters.SignAndSendAsync(service, DisclosureFixture.Replies, email,
            new { name = hostile, email, country = "KR", consent = true, share = true, comment = hostile });

        var message = TestMailbox.Parse(Assert.Single(letters));
        var (text, html) = (message.TextBody ?? "", message.HtmlBody ?? "");
        Assert.Contains($"{hostile} (KR)", text, StringComparison.Ordinal);
        Assert.Contains(hostile, text.Split('\n').Select(l => l.Trim()));
        Assert.Equal($"From {hostile}", message.Subject);
        Assert.Equal(hostile, Assert.Single(message.From.Mailboxes).Name);
        AssertNoMarkup(html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(hostile).Replace("&#39;", "'", StringComparison.Ordinal), Decoded(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Letters_OwnLetterBodyWithMarkup_ArrivesAsLiteralText()
    {
        var email = $"{Unique("ownwords")}@example.org";
        var body = string.Join("\n", Hostile) + "\n# not a heading\n1. not a list";

        var letters = await SignedLetters.SignAndSendAsync(service, DisclosureFixture.Replies, email,
            new { name = "Ana Kim", email, country = "KR", consent = true, letter = new { body } });

        var message = TestMailbox.Parse(Assert.Single(letters));
        Assert.Equal(body, (message.TextBody ?? "").TrimEnd().ReplaceLineEndings("\n"));
        AssertNoMarkup(message.HtmlBody ?? "");
        Assert.DoesNotContain("<h1", message.HtmlBody ?? "", StringComparison.Ordinal);
    }

    private static void AssertNoMarkup(string html)
    {
        Assert.DoesNotContain("<a", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<i>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Markdig writes a quote as &amp;quot; and leaves other characters as they are; compare like with like.</summary>
    private static string Decoded(string html) => html.Replace("&quot;", "\"", StringComparison.Ordinal);

    private static int CountOf(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(marker, at + 1, StringComparison.OrdinalIgnoreCase)) count++;
        return count;
    }
}
