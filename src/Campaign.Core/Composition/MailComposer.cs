using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Campaign.Core.Templates;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Composition;

/// <summary>Turns an outbox row into the RFC 5322 message that goes on the wire.</summary>
public sealed class MailComposer(
    CampaignCatalog catalog,
    TemplateRenderer templates,
    SupporterTokens tokens,
    IOptions<MailOptions> mail,
    IOptions<AppOptions> app,
    IMailFacts facts,
    DeliveryComposer deliveries,
    NoticeComposer notices,
    TimeProvider time)
{
    private readonly MailboxAddress from = MailboxAddress.Parse(mail.Value.From);
    private readonly MailboxAddress replyTo = mail.Value.CampaignReplyTo();
    private readonly string baseUrl = app.Value.PublicBaseUrl.TrimEnd('/');
    private readonly UpdateComposer updates = new(tokens, mail, app);

    // Letters and digits only, so Markdown leaves them alone; random, so no campaign text can contain them.
    private static readonly string ConfirmPlaceholder = $"confirm{Guid.NewGuid():N}";
    private static readonly string UnsubscribePlaceholder = $"unsubscribe{Guid.NewGuid():N}";
    private static readonly string ErasePlaceholder = $"erase{Guid.NewGuid():N}";

    // Keyed by the title itself, so a campaign file reloaded with a new title gets a new entry.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Language, string Title), (string Subject, FillableBody Body)> confirmations = new();

    public MimeMessage Compose(OutboxMessage message, SupporterDetails? supporter)
    {
        var campaign = catalog.Find(message.Campaign) ?? throw new CompositionException($"campaign '{message.Campaign}' is no longer in the campaign files");
        var composed = message.Kind switch
        {
            MessageKind.Confirmation => ComposeConfirmation(campaign, message, Present(supporter, message)),
            MessageKind.Letter => ComposeLetter(campaign, message, Present(supporter, message)),
            MessageKind.Delivery => deliveries.Compose(campaign, TargetOf(campaign, message), message,
                facts.FindDelivery(message.Id) ?? throw new CompositionException($"no delivery is recorded for message {message.Id}")),
            MessageKind.Notice => notices.Compose(campaign, message,
                facts.FindNotice(message.Id) ?? throw new CompositionException($"no notice is recorded for message {message.Id}")),
            MessageKind.Update => updates.Compose(campaign, UpdateOf(campaign, message), message, Present(supporter, message)),
            _ => throw new CompositionException($"messages of kind '{message.Kind}' are not composed"),
        };
        composed.MessageId = message.MessageId;
        composed.Date = time.GetUtcNow();
        composed.Headers.Add("X-Campaign", campaign.Slug);
        // Mailbox providers group complaints and reputation by this (campaign, kind, sender) triple.
        composed.Headers.Add("Feedback-ID", $"{campaign.Slug}:{message.Kind}:campaign:{from.Domain}");
        // Mail no person wrote: vacation responders must not answer it (RFC 3834). A letter is the
        // supporter's own, and a delivery carries their signatures; neither is marked.
        if (message.Kind is MessageKind.Confirmation or MessageKind.Notice) composed.Headers.Add(HeaderId.AutoSubmitted, "auto-generated");
        return composed;
    }

    private MimeMessage ComposeConfirmation(CampaignDefinition campaign, OutboxMessage message, SupporterDetails supporter)
    {
        var title = campaign.Title.For(message.Language, campaign.DefaultLanguage);
        var (subject, body) = confirmations.GetOrAdd((message.Language, title), ConfirmationBody);
        var confirmToken = tokens.Issue(TokenPurpose.Confirm, supporter.Id);
        var unsubscribeToken = tokens.Issue(TokenPurpose.Unsubscribe, supporter.Id);
        var eraseToken = tokens.Issue(TokenPurpose.Erase, supporter.Id);

        var result = MailBody.NewMessage();
        result.Subject = subject;
        result.From.Add(MailBody.Own(from));
        // The address only: a display name is what a stranger could type to put words in front of someone else's inbox.
        result.To.Add(new MailboxAddress("", supporter.Email));
        // RFC 8058 one-click: mail clients offer "unsubscribe" and POST to this address.
        result.Headers.Add("List-Unsubscribe", $"<{baseUrl}/unsubscribe/{unsubscribeToken}>");
        result.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        result.Body = body.Fill(confirmToken, unsubscribeToken, eraseToken);
        return result;
    }

    /// <summary>A confirmation in one language for one campaign title, rendered once with placeholders for the three tokens.</summary>
    private (string Subject, FillableBody Body) ConfirmationBody((string Language, string Title) key)
    {
        var words = SupporterMailTexts.ConfirmationIn(key.Language);
        var confirmUrl = $"{baseUrl}/confirm/{ConfirmPlaceholder}";
        var markdown = $"""
            {TemplateRenderer.PlainTextAsMarkdown(string.Format(System.Globalization.CultureInfo.InvariantCulture, words.Greeting, key.Title))}

            {words.Ask}

            [{words.Button}]({confirmUrl})

            {confirmUrl}

            {words.Ignore}

            [{words.Unsubscribe}]({baseUrl}/unsubscribe/{UnsubscribePlaceholder})

            [{words.Erase}]({baseUrl}/erase/{ErasePlaceholder})
            """;
        return (string.Format(System.Globalization.CultureInfo.InvariantCulture, words.Subject, key.Title),
            new FillableBody(MailBody.Render(markdown, key.Language), ConfirmPlaceholder, UnsubscribePlaceholder, ErasePlaceholder));
    }

    /// <summary>
    /// A letter discloses only what the supporter chose: their name and country with <c>share</c> (else the
    /// campaign's anonymous signature, and the campaign's name in From), their address with <c>replies</c> on
    /// a campaign that allows them (else the campaign's own reply address). Nothing else of theirs is in it.
    /// </summary>
    private MimeMessage ComposeLetter(CampaignDefinition campaign, OutboxMessage message, SupporterDetails supporter)
    {
        var letter = campaign.Letter ?? throw new CompositionException($"campaign '{campaign.Slug}' has no letter");
        var target = TargetOf(campaign, message);
        var language = message.Language;
        var signer = supporter.Share ? supporter.Name : letter.AnonymousSignature.For(language, campaign.DefaultLanguage);
        var country = supporter.Share ? supporter.Country : "";
        var total = facts.ConfirmedSignatures(campaign.Slug);
        // The supporter's words go into two renderings: as written for the subject and the text part, and
        // escaped for Markdown for the HTML part, where they must never become a link, an image or markup.
        var asWritten = LetterModel.For(campaign, target, language, total, signer, country, supporter.Comment);
        var escaped = LetterModel.For(campaign, target, language, total,
            TemplateRenderer.PlainTextAsMarkdown(signer), country, supporter.Comment is { } c ? TemplateRenderer.PlainTextAsMarkdown(c) : null);

        var subject = templates.Fill(letter.Subject.For(language, campaign.DefaultLanguage), asWritten).ReplaceLineEndings(" ").Trim();
        var ownWords = letter.Editable && !string.IsNullOrWhiteSpace(supporter.LetterBody);
        var body = ownWords
            ? new MailBody(supporter.LetterBody!, TemplateRenderer.PlainTextAsMarkdown(supporter.LetterBody!), language)
            : new MailBody(
                templates.Fill(letter.Body.For(language, campaign.DefaultLanguage), asWritten),
                templates.Fill(letter.Body.For(language, campaign.DefaultLanguage), escaped), language);

        var result = MailBody.NewMessage();
        result.Subject = subject;
        // Always the service's own address: we never forge the supporter's domain.
        var fromName = supporter.Share ? supporter.Name : campaign.Title.For(language, campaign.DefaultLanguage);
        result.From.Add(new MailboxAddress(fromName, from.Address));
        result.ReplyTo.Add(supporter.Replies && letter.AllowReplies
            ? new MailboxAddress(supporter.Share ? supporter.Name : "", supporter.Email)
            : MailBody.Own(replyTo));
        result.To.Add(new MailboxAddress(target.Name, message.AddressedTo));
        if (!string.Equals(message.AddressedTo, target.Email, StringComparison.OrdinalIgnoreCase))
            result.Headers.Add("X-Campaign-Target", target.Email);
        result.Body = body.ToEntity();
        return result;
    }

    private Updates.CampaignUpdate UpdateOf(CampaignDefinition campaign, OutboxMessage message) =>
        facts.FindUpdate(message.Id) is { } id
            ? campaign.FindUpdate(id) ?? throw new CompositionException($"update '{id}' is no longer in campaign '{campaign.Slug}''s update files")
            : throw new CompositionException($"message {message.Id} names no update");

    private static Target TargetOf(CampaignDefinition campaign, OutboxMessage message) =>
        campaign.FindTarget(message.TargetId ?? "") ?? throw new CompositionException($"target '{message.TargetId}' is no longer in campaign '{campaign.Slug}'");

    /// <summary>
    /// The supporter a confirmation or letter is made from. An erased one has none: its unsent mail was
    /// cancelled, and a message that was on the wire then and must be tried again is not made at all.
    /// </summary>
    private static SupporterDetails Present(SupporterDetails? supporter, OutboxMessage message) => supporter switch
    {
        null => throw new CompositionException($"the signature behind message {message.Id} no longer exists"),
        { IsErased: true } => throw new CompositionException($"the supporter behind message {message.Id} was erased"),
        _ => supporter,
    };
}
