using System.Net;
using Campaign.Core.Inbound;
using Campaign.Service.Hosting;
using MailKit.Security;

namespace Campaign.Service.Inbound;

/// <summary>The two ways mail comes back in, registered in the processes that do background work.</summary>
public static class InboundMailServices
{
    public static IServiceCollection AddInboundMail(this IServiceCollection services, ServiceSettings settings)
    {
        if (!settings.Role.RunsJobs())
        {
            return services;
        }

        var inbound = settings.Inbound;
        if (!IPAddress.TryParse(inbound.Address, out _))
            throw new StartupException($"Inbound:Address: '{inbound.Address}' is not an IP address like 0.0.0.0 or 127.0.0.1");

        // Whether it listens is decided at start (embedded mode opens a loopback port); the port is found here.
        services.AddSingleton<InboundSmtpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundSmtpListener>());

        if (!string.IsNullOrWhiteSpace(inbound.Imap.Host))
        {
            CheckImap(inbound.Imap);
            services.AddSingleton<ImapInbox>();
            services.AddHostedService(sp => sp.GetRequiredService<ImapInbox>());
        }

        return services;
    }

    /// <summary><c>Inbound:Imap:Security</c> as MailKit's socket options: Auto, SslOnConnect, StartTls or None.</summary>
    internal static SecureSocketOptions SocketOptions(string security) =>
        Enum.TryParse<SecureSocketOptions>(security, ignoreCase: true, out var options) && Enum.IsDefined(options)
            ? options
            : throw new StartupException($"Inbound:Imap:Security: '{security}' is not one of Auto, SslOnConnect, StartTls, None");

    private static void CheckImap(ImapInboxOptions imap)
    {
        SocketOptions(imap.Security);
        if (string.IsNullOrEmpty(imap.Username) || string.IsNullOrEmpty(imap.Password))
            throw new StartupException("Inbound:Imap:Username and Inbound:Imap:Password are needed when Inbound:Imap:Host is set");
        if (imap.PollInterval <= TimeSpan.Zero)
            throw new StartupException($"Inbound:Imap:PollInterval: '{imap.PollInterval}' must be positive, like 00:01:00");
        if (string.IsNullOrWhiteSpace(imap.Folder))
            throw new StartupException("Inbound:Imap:Folder must name a folder, like INBOX");
    }
}
