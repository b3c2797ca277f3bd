using Campaign.Service.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Campaign.Benchmarks;

/// <summary>
/// (b) The client-side limit: the loop every MailKit example shows — build a message, send it — over the
/// same number of reused connections. Each message carries our confirmation's subject, headers and both
/// body parts, taken ready-made from one message our composer made, so only MailKit and MimeKit work here.
/// </summary>
public static class BareMailKit
{
    public static async Task SendAsync(ServiceSettings settings, int port, int messages, MimeMessage sample)
    {
        var lanes = settings.Smtp.MaxConnections;
        var sender = MailboxAddress.Parse(settings.Mail.From);
        var shape = Shape.Of(sample);
        await Task.WhenAll(Enumerable.Range(0, lanes).Select(async lane =>
        {
            using var client = new SmtpClient();
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            for (var i = lane; i < messages; i += lanes)
                await client.SendAsync(Build(shape, sender, i));
            await client.DisconnectAsync(true);
        }));
    }

    /// <summary>What a confirmation looks like once every word and link is known.</summary>
    internal sealed record Shape(string Subject, string Unsubscribe, string Text, string Html)
    {
        public static Shape Of(MimeMessage sample) =>
            new(sample.Subject ?? "", sample.Headers["List-Unsubscribe"] ?? "", sample.TextBody ?? "", sample.HtmlBody ?? "");
    }

    internal static MimeMessage Build(Shape shape, MailboxAddress sender, int i)
    {
        var message = new MimeMessage { Subject = shape.Subject };
        message.From.Add(new MailboxAddress(sender.Name, sender.Address));
        message.To.Add(new MailboxAddress($"Supporter {i}", $"supporter-{i}@example.org"));
        message.Headers.Add("List-Unsubscribe", shape.Unsubscribe);
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        var text = new TextPart("plain");
        text.SetText(System.Text.Encoding.UTF8, shape.Text);
        var html = new TextPart("html");
        html.SetText(System.Text.Encoding.UTF8, shape.Html);
        message.Body = new MultipartAlternative { text, html };
        return message;
    }
}
