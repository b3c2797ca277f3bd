using Campaign.Service.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Campaign.Benchmarks;

/// <summary>(b) The client-side limit: prebuilt messages pushed over the same number of reused connections.</summary>
public static class BareMailKit
{
    public static async Task SendAsync(ServiceSettings settings, int port, int messages)
    {
        var lanes = settings.Smtp.MaxConnections;
        var sender = MailboxAddress.Parse(settings.Mail.From);
        await Task.WhenAll(Enumerable.Range(0, lanes).Select(async lane =>
        {
            using var client = new SmtpClient();
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            for (var i = lane; i < messages; i += lanes)
                await client.SendAsync(Message(sender, i));
            await client.DisconnectAsync(true);
        }));
    }

    internal static MimeMessage Message(MailboxAddress sender, int i)
    {
        var message = new MimeMessage { Subject = "Please confirm your signature" };
        message.From.Add(sender);
        message.To.Add(new MailboxAddress($"Supporter {i}", $"supporter-{i}@example.org"));
        message.Body = new TextPart("plain") { Text = "Thank you for signing. Please confirm: https://campaign.example/confirm/token" };
        return message;
    }
}
