using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Campaign.Core.Deliverability;
using Campaign.Service.Cli;
using Campaign.Service.Embedded;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using MimeKit;
using MimeKit.Cryptography;

namespace Campaign.Tests.Deliverability;

/// <summary>
/// The <c>dkim</c> verb as an operator runs it, in its own process with a data directory of its own: the record
/// it prints is the one receivers need for the key the service signs with, and <c>--check</c> asks a real DNS
/// server (dnsmasq) and says whether what is published there verifies the service's mail.
/// </summary>
public sealed partial class DkimCommandTests : IDisposable
{
    private const string Domain = "dkim.example";
    private const string RecordName = "campaign._domainkey." + Domain;

    private readonly TempDirectory data = new("dkim-data");

    [Fact]
    public async Task Dkim_FirstRun_PrintsTheRecordOfTheKeyItGeneratedThatVerifiesTheServicesSignature()
    {
        var (exit, stdout, stderr) = await DkimAsync();

        Assert.True(exit == 0, stderr);
        var keyFile = Path.Combine(data.Path, "dkim-campaign.pem");
        Assert.Contains($"generated just now in {keyFile}", stdout, StringComparison.Ordinal);
        Assert.Equal(RecordName, Printed(stdout, "Name"));
        Assert.Equal("TXT", Printed(stdout, "Type"));
        var record = Printed(stdout, "Value");
        Assert.StartsWith("v=DKIM1; k=rsa; p=", record, StringComparison.Ordinal);
        using (var key = RSA.Create())
        {
            key.ImportFromPem(File.ReadAllText(keyFile));
            Assert.Equal(Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), record["v=DKIM1; k=rsa; p=".Length..]);
        }

        var (zoneName, strings) = ZoneFileLine(stdout);
        Assert.Equal(RecordName + ".", zoneName);
        Assert.Equal(2, strings.Count); // a 2048-bit key does not fit one DNS string
        Assert.All(strings, s => Assert.InRange(s.Length, 1, 255));
        Assert.Equal(record, string.Concat(strings));

        var (signer, _) = DkimKeys.Open(Settings());
        using (signer)
        {
            var message = Received(Signed(signer));
            Assert.True(new DkimVerifier(new Published(record)).Verify(message, message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)]),
                "the service's signature verifies against the printed record");
        }

        var (again, secondOutput, _) = await DkimAsync();
        Assert.Equal(0, again);
        Assert.Contains($"generated earlier in {keyFile}", secondOutput, StringComparison.Ordinal);
        Assert.Equal(record, Printed(secondOutput, "Value"));
    }

    [Fact]
    public async Task Dkim_KeyFileConfigured_SaysSoAndPrintsItsRecord()
    {
        var keyFile = Path.Combine(data.Path, "relay-key.pem");
        File.WriteAllText(keyFile, MailSigner.GenerateKey());
        using var expected = new MailSigner(File.ReadAllText(keyFile), Domain, "campaign");

        var (exit, stdout, stderr) = await DkimAsync($"--Mail:Dkim:PrivateKeyFile={keyFile}");

        Assert.True(exit == 0, stderr);
        Assert.Contains($"the file Mail:Dkim:PrivateKeyFile ({keyFile})", stdout, StringComparison.Ordinal);
        Assert.Equal(expected.Record, Printed(stdout, "Value"));
        Assert.False(File.Exists(Path.Combine(data.Path, "dkim-campaign.pem")), "no key is generated when one is configured");
    }

    [Fact]
    public async Task Dkim_UnreadableKeyFile_ExitsOneWithOneLineNamingTheSetting()
    {
        var (exit, stdout, stderr) = await DkimAsync($"--Mail:Dkim:PrivateKeyFile={Path.Combine(data.Path, "missing.pem")}");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("campaign: Mail:Dkim:PrivateKeyFile: cannot read", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DkimCheck_RightKeyPublishedInTwoStrings_ExitsZero()
    {
        var (_, printed, _) = await DkimAsync();
        var (_, strings) = ZoneFileLine(printed);
        await using var dns = await DnsmasqServer.StartAsync(Domain, [(RecordName, strings)]);

        var (exit, stdout, stderr) = await DkimAsync("--check", "--dns", dns.Address);

        Assert.True(exit == 0, $"{stderr}{Environment.NewLine}{dns.Log}");
        Assert.Contains($"{RecordName} publishes the key the service signs with", stdout, StringComparison.Ordinal);
        Assert.Contains(dns.Address, stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task DkimCheck_AnotherKeyPublished_ExitsOneNamingTheMismatchAndPrintingTheRightRecord()
    {
        var (_, printed, _) = await DkimAsync();
        using var other = new MailSigner(MailSigner.GenerateKey(), Domain, "campaign");
        await using var dns = await DnsmasqServer.StartAsync(Domain, [(RecordName, Strings(other.Record))]);

        var (exit, stdout, stderr) = await DkimAsync("--check", "--dns", dns.Address);

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"campaign: {RecordName} at the DNS server {dns.Address} does not verify the service's mail: p= is another key", line, StringComparison.Ordinal);
        Assert.Contains($"DNS has p=…{other.PublicKey[^12..]}", line, StringComparison.Ordinal);
        Assert.Equal(Printed(printed, "Value"), Printed(stdout, "Value"));
    }

    [Theory]
    [InlineData("v=DKIM1; k=rsa; p=", "p= is empty: the record says the key is revoked")]
    [InlineData("v=DKIM1; k=rsa", "there is no p= tag")]
    [InlineData("v=DKIM1; k=ed25519; p={key}", "k=ed25519 where the service signs with k=rsa")]
    [InlineData("v=DKIM2; k=rsa; p={key}", "v=DKIM2 where it should be v=DKIM1")]
    public async Task DkimCheck_MalformedRecord_ExitsOneNamingWhatIsWrong(string published, string problem)
    {
        var (_, printed, _) = await DkimAsync();
        var ourKey = Printed(printed, "Value")["v=DKIM1; k=rsa; p=".Length..];
        await using var dns = await DnsmasqServer.StartAsync(Domain, [(RecordName, Strings(published.Replace("{key}", ourKey, StringComparison.Ordinal)))]);

        var (exit, _, stderr) = await DkimAsync("--check", "--dns", dns.Address);

        Assert.Equal(1, exit);
        Assert.Contains($"does not verify the service's mail: {problem}", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v=DKIM1;k=rsa;p={key}", "")]
    [InlineData("k=rsa; p={folded key}", "")]
    [InlineData("v=DKIM1; h=sha1:sha256; s=email; t=y; p={key}", "")]
    [InlineData("k=rsa; v=DKIM1; p={key}", "v= is not the first tag")]
    [InlineData("v=DKIM1; p={key}; p={key}", "p= appears twice")]
    [InlineData("v=DKIM1; h=sha1; p={key}", "h=sha1 leaves out sha256")]
    [InlineData("v=DKIM1; s=other; p={key}", "s=other leaves out email")]
    [InlineData("v=DKIM1; k=rsa; p=not*base64", "p= is not base64")]
    public void Problems_RecordAsAReceiverReadsIt_AcceptsWhatVerifiesAndNamesTheRest(string published, string problem)
    {
        using var signer = new MailSigner(MailSigner.GenerateKey(), Domain, "campaign");
        // DNS panels and zone files may show a long value folded with spaces: receivers drop them (RFC 6376 §3.6.1).
        var folded = string.Join(' ', signer.PublicKey.Chunk(64).Select(part => new string(part)));
        var record = published.Replace("{folded key}", folded, StringComparison.Ordinal).Replace("{key}", signer.PublicKey, StringComparison.Ordinal);

        var problems = DkimRecordCheck.Problems(record, signer);

        if (problem.Length == 0) Assert.Empty(problems);
        else Assert.StartsWith(problem, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "does not exist (NXDOMAIN from the DNS server")]
    [InlineData(true, "has no TXT record (asked the DNS server")]
    public async Task DkimCheck_NothingPublished_ExitsOneSayingWhatToPublish(bool nameHasOtherRecords, string finding)
    {
        await using var dns = await DnsmasqServer.StartAsync(Domain, [], nameHasOtherRecords ? [RecordName] : []);

        var (exit, stdout, stderr) = await DkimAsync("--check", "--dns", dns.Address);

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("campaign: the DKIM record is not published: ", line, StringComparison.Ordinal);
        Assert.Contains($"{RecordName} {finding} {dns.Address}", line, StringComparison.Ordinal);
        Assert.Equal(RecordName, Printed(stdout, "Name"));
        Assert.StartsWith("v=DKIM1; k=rsa; p=", Printed(stdout, "Value"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DkimCheck_DnsServerDoesNotAnswer_ExitsOneWithinSecondsNamingTheServer()
    {
        // A UDP socket nobody reads: queries arrive and are never answered, as with a server behind a dropping firewall.
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var server = $"127.0.0.1:{((IPEndPoint)silent.Client.LocalEndPoint!).Port}";
        var clock = Stopwatch.StartNew();

        var (exit, _, stderr) = await DkimAsync("--check", "--dns", server);

        Assert.Equal(1, exit);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"campaign: the DNS server {server} did not answer", line, StringComparison.Ordinal);
    }

    public void Dispose() => data.Dispose();

    private ServiceSettings Settings() => ServiceSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Mail:From"] = $"Campaign <campaigns@{Domain}>",
        ["Data:Directory"] = data.Path,
    }).Build(), RepositoryRoot.Find());

    /// <summary><c>dotnet Campaign.Service.dll dkim ...</c> for this test's data directory and domain, its two streams apart.</summary>
    private Task<(int Exit, string Stdout, string Stderr)> DkimAsync(params string[] words) =>
        ServiceVerb.RunAsync(["dkim", .. words, $"--Mail:From=Campaign <campaigns@{Domain}>", $"--Data:Directory={data.Path}"]);

    /// <summary>A line of the record as printed for a DNS panel: <c>  Name:  …</c>.</summary>
    private static string Printed(string stdout, string field) =>
        Assert.Single(stdout.Split('\n'), line => line.StartsWith($"  {field}: ", StringComparison.Ordinal))[(field.Length + 3)..].Trim();

    /// <summary>The zone-file line: the record's name and its quoted strings.</summary>
    private static (string Name, IReadOnlyList<string> Strings) ZoneFileLine(string stdout)
    {
        var line = Assert.Single(stdout.Split('\n'), line => line.Contains(" IN TXT ", StringComparison.Ordinal));
        var name = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        return (name, [.. QuotedString().Matches(line).Select(m => m.Groups[1].Value)]);
    }

    /// <summary>A record as a DNS operator would split it: strings of at most 255 characters.</summary>
    private static IReadOnlyList<string> Strings(string record) => [.. record.Chunk(255).Select(part => new string(part))];

    private static MimeMessage Signed(MailSigner signer)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Campaign", $"campaigns@{Domain}"));
        message.To.Add(new MailboxAddress("", "ministry@target.example"));
        message.Subject = "Let them pass";
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(Domain);
        message.Body = new TextPart("plain") { Text = "We ask you to let them pass.\n" };
        signer.Sign(message);
        return message;
    }

    /// <summary>The message as a receiver parses it off the wire.</summary>
    private static MimeMessage Received(MimeMessage sent)
    {
        using var wire = new MemoryStream();
        sent.WriteTo(wire);
        wire.Position = 0;
        return MimeMessage.Load(wire);
    }

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedString();

    /// <summary>What a receiver's DNS lookup returns: the record the verb printed, read by MimeKit's own parser.</summary>
    private sealed class Published(string record) : DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default)
        {
            Assert.Equal(RecordName, $"{selector}._domainkey.{domain}");
            return GetPublicKey(record);
        }

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
