using System.ComponentModel.DataAnnotations;
using Campaign.Core.Composition;
using Campaign.Core.Inbound;
using Campaign.Core.Outbox;
using Campaign.Core.Relay;
using Campaign.Core.Signatures;
using Campaign.Core.Updates;
using Campaign.Core.Webhooks;
using Campaign.Service.Abuse;
using MimeKit;

namespace Campaign.Service.Hosting;

/// <summary>
/// Every configuration key the service reads, bound and checked before anything starts, so a bad setting
/// fails at start-up with a message naming the key — never later inside a job.
/// </summary>
public sealed class ServiceSettings
{
    public required string? ConnectionString { get; init; }
    public required SmtpOptions Smtp { get; init; }
    public required MailOptions Mail { get; init; }
    public required AppOptions App { get; init; }
    public required DeliveryOptions Delivery { get; init; }
    public required PrivacyOptions Privacy { get; init; }
    public required InboundOptions Inbound { get; init; }
    public required string? AdminApiKey { get; init; }
    public required string CampaignsDirectory { get; init; }
    public required string DataDirectory { get; init; }
    public required ServiceRole Role { get; init; }
    public required RateLimitOptions RateLimits { get; init; }
    public required NetworkOptions Network { get; init; }
    public required MailboxOptions Mailboxes { get; init; }
    public required WebhookOptions Webhooks { get; init; }
    public required UpdateOptions Updates { get; init; }
    public required Campaign.Core.Storage.DatabaseOptions Database { get; init; }

    public static ServiceSettings Read(IConfiguration configuration, string root)
    {
        var settings = new ServiceSettings
        {
            ConnectionString = configuration.GetConnectionString("Campaign"),
            Smtp = Bind<SmtpOptions>(configuration, SmtpOptions.Section),
            Mail = Bind<MailOptions>(configuration, MailOptions.Section),
            App = Bind<AppOptions>(configuration, AppOptions.Section),
            Delivery = Bind<DeliveryOptions>(configuration, DeliveryOptions.Section),
            Privacy = Bind<PrivacyOptions>(configuration, PrivacyOptions.Section),
            Inbound = Bind<InboundOptions>(configuration, InboundOptions.Section),
            AdminApiKey = configuration["Admin:ApiKey"],
            CampaignsDirectory = Path.GetFullPath(configuration["Campaigns:Directory"] is { Length: > 0 } dir ? dir : "campaigns", root),
            DataDirectory = Path.GetFullPath(configuration["Data:Directory"] is { Length: > 0 } data ? data : ".data", root),
            Role = ServiceRoles.Parse(configuration["role"]),
            RateLimits = RateLimitOptions.Read(configuration, Bind<RateLimitOptions>),
            Network = Bind<NetworkOptions>(configuration, NetworkOptions.Section),
            Mailboxes = Bind<MailboxOptions>(configuration, MailboxOptions.Section),
            Webhooks = Bind<WebhookOptions>(configuration, WebhookOptions.Section),
            Updates = Bind<UpdateOptions>(configuration, UpdateOptions.Section),
            Database = Bind<Campaign.Core.Storage.DatabaseOptions>(configuration, Campaign.Core.Storage.DatabaseOptions.Section),
        };
        if (!MailboxAddress.TryParse(settings.Mail.From, out _))
            throw new StartupException($"Mail:From: '{settings.Mail.From}' is not an address like \"Free the Nine <campaigns@example.org>\"");
        if (settings.Delivery.RetryBaseDelay <= TimeSpan.Zero || settings.Delivery.RetryMaxDelay < settings.Delivery.RetryBaseDelay)
            throw new StartupException("Delivery:RetryBaseDelay must be positive and no longer than Delivery:RetryMaxDelay");
        settings.Network.Check();
        if (settings.Database.PollInterval <= TimeSpan.Zero) throw new StartupException("Database:PollInterval must be positive");
        if (settings.Webhooks.Problem() is { } webhooks) throw new StartupException(webhooks);
        return settings;
    }

    /// <summary>The settings a command-line verb runs with: appsettings.json, the environment, then its own arguments.</summary>
    public static ServiceSettings ForCommand(CommandLine command)
    {
        var root = RepositoryRoot.Find();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(root, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(command.Settings)
            .Build();
        return Read(configuration, root);
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key in its message ("...at 'Delivery:Mode' to type...").
            throw new StartupException($"{section}: {e.Message}");
        }
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            throw new StartupException($"{section}:{first.MemberNames.FirstOrDefault()}: {first.ErrorMessage}");
        }
        return options;
    }
}
