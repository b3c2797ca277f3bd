using System.Globalization;
using System.Text;
using Campaign.Core.Campaigns;
using Campaign.Core.Deliveries;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Campaign.Core.Templates;
using CsvHelper;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Composition;

/// <summary>A petition delivery: the petition text, the new and total signatures by country, and the shared signers as CSV.</summary>
/// <param name="privacy">The country floor; without it (a preview) the default floor.</param>
public sealed class DeliveryComposer(IOptions<MailOptions> mail, IOptions<PrivacyOptions>? privacy = null)
{
    private readonly MailboxAddress from = MailboxAddress.Parse(mail.Value.From);
    private readonly int countryFloor = (privacy?.Value ?? new PrivacyOptions()).MinCountryCount;

    public MimeMessage Compose(CampaignDefinition campaign, Target target, OutboxMessage message, DeliveryFacts delivery)
    {
        var language = message.Language;
        var words = DeliveryTexts.In(language);
        var title = campaign.Title.For(language, campaign.DefaultLanguage);
        var petition = campaign.PetitionText?.For(language, campaign.DefaultLanguage) ?? "";
        string Say(string format) => string.Format(CultureInfo.InvariantCulture, format,
            title, delivery.NewSignatures.ToString("N0", CultureInfo.InvariantCulture), delivery.TotalSignatures.ToString("N0", CultureInfo.InvariantCulture));

        var markdown = new StringBuilder()
            .AppendLine(TemplateRenderer.PlainTextAsMarkdown(string.Format(CultureInfo.InvariantCulture, words.Greeting, target.Name))).AppendLine()
            .AppendLine(TemplateRenderer.PlainTextAsMarkdown(Say(words.Delivers))).AppendLine()
            .AppendLine(Say(words.Total)).AppendLine()
            .AppendLine(words.ByCountry).AppendLine();
        // The targets are the governments the campaign protests: "KP: 1" would tell a ministry whom to look for.
        foreach (var (country, count) in SignatureCounts.WithFloor(delivery.ByCountry, countryFloor)) markdown.AppendLine(CultureInfo.InvariantCulture, $"- {country}: {count:N0}");
        markdown.AppendLine();
        var attach = campaign.Delivery?.AttachCsv == true && delivery.SharedSigners.Count > 0;
        if (attach) markdown.AppendLine(words.Attached).AppendLine();
        markdown.AppendLine("---").AppendLine().AppendLine(words.Petition).AppendLine().AppendLine(petition);

        var result = MailBody.NewMessage();
        result.Subject = Say(words.Subject);
        result.From.Add(MailBody.Own(from));
        result.To.Add(new MailboxAddress(target.Name, message.AddressedTo));
        // A government that answers reaches the people running the campaign, not a no-reply box.
        foreach (var organizer in campaign.Organizers) result.ReplyTo.Add(MailboxAddress.Parse(organizer));
        if (!string.Equals(message.AddressedTo, target.Email, StringComparison.OrdinalIgnoreCase))
            result.Headers.Add("X-Campaign-Target", target.Email);
        var body = MailBody.FromMarkdown(markdown.ToString(), language);
        result.Body = attach ? new Multipart("mixed") { body, Csv(campaign, target, delivery) } : body;
        return result;
    }

    /// <summary>Names and countries only: the targets never see a signer's email address.</summary>
    internal static string CsvText(IEnumerable<SharedSigner> signers)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        // A name that starts with "=" must reach a spreadsheet as text, never as a formula.
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, true))
        {
            csv.WriteRecords(signers);
            csv.Flush();
        }
        return writer.ToString();
    }

    private static MimePart Csv(CampaignDefinition campaign, Target target, DeliveryFacts delivery)
    {
        var bytes = Encoding.UTF8.GetBytes(CsvText(delivery.SharedSigners));
        var part = new MimePart("text", "csv")
        {
            Content = new MimeContent(new MemoryStream(bytes)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = $"{campaign.Slug}-{target.Id}-{delivery.CreatedAt:yyyy-MM-dd}-signers.csv",
        };
        part.ContentType.Charset = "utf-8"; // names in Korean, Chinese and Lao
        return part;
    }
}
