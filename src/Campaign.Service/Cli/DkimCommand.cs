using Campaign.Core.Deliverability;
using Campaign.Service.Hosting;

namespace Campaign.Service.Cli;

/// <summary>
/// <c>dkim [--check [--dns HOST[:PORT]]]</c>: prints the TXT record receivers look up to verify the service's
/// signatures, and with <c>--check</c> asks DNS whether it is published. The key is opened exactly as the service
/// opens it at start (generated once if none exists), so what is printed is what the service signs with.
/// </summary>
public static class DkimCommand
{
    /// <summary>One DNS character-string holds at most 255 bytes (RFC 1035 §3.3); a 2048-bit key's record is longer.</summary>
    public const int MaxStringLength = 255;

    private const string Usage = "dkim [--check [--dns HOST[:PORT]]]";

    public static Task<int> RunAsync(CommandLine command) => RunAsync(command, Console.Out, Console.Error, CancellationToken.None);

    public static async Task<int> RunAsync(CommandLine command, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (command.Positional().FirstOrDefault() is { } stray) return Refuse(errors, $"dkim takes no '{stray}': {Usage}");
        var check = command.Flag("--check");
        var dns = command.Option("--dns");
        // "--dns" last on the line has no value: the parser then takes it for a setting.
        if (command.Settings.Contains("--dns")) return Refuse(errors, $"--dns needs a server: {Usage}");
        if (dns is not null && !check) return Refuse(errors, $"--dns goes with --check: {Usage}");
        if (dns is not null && !DkimLookup.TryParseServer(dns, out _)) return Refuse(errors, $"--dns: '{dns}' is not HOST or HOST:PORT");
        try
        {
            var settings = ServiceSettings.ForCommand(command);
            var (signer, generated) = DkimKeys.Open(settings);
            using (signer)
            {
                output.WriteLine(KeySource(settings, generated));
                output.WriteLine();
                if (!check)
                {
                    WriteRecord(signer, output);
                    return 0;
                }
                return await new DkimLookup(dns).CheckAsync(signer, output, errors, cancellationToken);
            }
        }
        catch (StartupException e)
        {
            errors.WriteLine($"campaign: {e.Message}");
            return 1;
        }
    }

    /// <summary>What to publish: as a DNS panel asks for it (one value), and as a zone-file line.</summary>
    public static void WriteRecord(MailSigner signer, TextWriter output)
    {
        output.WriteLine($"Publish this TXT record in the DNS of {signer.Domain}:");
        output.WriteLine();
        output.WriteLine($"  Name:  {signer.RecordName}");
        output.WriteLine("  Type:  TXT");
        output.WriteLine($"  Value: {signer.Record}");
        output.WriteLine();
        output.WriteLine($"As a zone-file line (one DNS string holds at most {MaxStringLength} characters; receivers join the strings):");
        output.WriteLine();
        output.WriteLine($"{ZoneFileLine(signer)}");
        output.WriteLine();
        output.WriteLine("Once it is published: dotnet run --project src/Campaign.Service -- dkim --check");
    }

    public static string ZoneFileLine(MailSigner signer) =>
        $"{signer.RecordName}. IN TXT {string.Join(' ', signer.Record.Chunk(MaxStringLength).Select(part => $"\"{new string(part)}\""))}";

    private static string KeySource(ServiceSettings settings, string? generated)
    {
        var dkim = settings.Mail.Dkim;
        if (generated is not null)
            return $"DKIM key: none is configured, so one was generated just now in {generated}, as the service does at its first start. " +
                "The service signs with it from now on: keep it with the data directory, and give every process the same key.";
        if (!string.IsNullOrWhiteSpace(dkim.PrivateKey)) return "DKIM key: the one configured in Mail:Dkim:PrivateKey.";
        if (!string.IsNullOrWhiteSpace(dkim.PrivateKeyFile)) return $"DKIM key: the file Mail:Dkim:PrivateKeyFile ({Path.GetFullPath(dkim.PrivateKeyFile)}).";
        return $"DKIM key: the one generated earlier in {DkimKeys.GeneratedFileFor(settings)} (none is configured in Mail:Dkim:PrivateKey or Mail:Dkim:PrivateKeyFile).";
    }

    private static int Refuse(TextWriter errors, string problem)
    {
        errors.WriteLine($"campaign: {problem}");
        return 2;
    }
}
