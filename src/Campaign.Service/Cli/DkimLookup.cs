using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Campaign.Core.Deliverability;
using Campaign.Service.Hosting;
using DnsClient;

namespace Campaign.Service.Cli;

/// <summary>
/// <c>dkim --check</c>: asks DNS for the selector's TXT record, as a receiver would, and compares it with the key
/// the service signs with. One resolver (<c>--dns</c>) or the system's; no cache, so a record just published is
/// seen as soon as the resolver sees it.
/// </summary>
/// <param name="server">HOST[:PORT] from <c>--dns</c>; null for the system's resolvers.</param>
public sealed class DkimLookup(string? server)
{
    /// <summary>Per try; with one retry an unanswering server is reported within about four seconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const int Retries = 1;

    public async Task<int> CheckAsync(MailSigner signer, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        LookupClient client;
        try
        {
            client = await ClientAsync(cancellationToken);
        }
        catch (SocketException e)
        {
            errors.WriteLine($"campaign: --dns: cannot find the DNS server '{server}': {e.Message}");
            return 1;
        }
        var asked = server is null ? $"the system's DNS ({string.Join(", ", client.NameServers)})" : $"the DNS server {server}";
        var name = signer.RecordName;

        IDnsQueryResponse response;
        try
        {
            response = await client.QueryAsync(name, QueryType.TXT, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException e)
        {
            var why = e.Code == DnsResponseCode.ConnectionTimeout
                ? $"no answer within {Timeout.TotalSeconds:0} s, {Retries + 1} tries"
                : e.Message;
            errors.WriteLine($"campaign: {asked} did not answer the question for {name} TXT ({why})");
            return 1;
        }

        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            return NotPublished(signer, $"{name} does not exist (NXDOMAIN from {asked})", output, errors);
        if (response.HasError)
        {
            errors.WriteLine($"campaign: {asked} could not look up {name} TXT: {response.ErrorMessage}");
            return 1;
        }
        // A key longer than one DNS string is published as several: receivers join them without a separator.
        var records = response.Answers.TxtRecords().Select(record => string.Concat(record.Text)).ToList();
        if (records.Count == 0)
            return NotPublished(signer, $"{name} has no TXT record (asked {asked})", output, errors);
        if (records.Count > 1)
        {
            errors.WriteLine($"campaign: {name} has {records.Count} TXT records at {asked}; receivers take any one of them: keep only the service's");
            DkimCommand.WriteRecord(signer, output);
            return 1;
        }

        var problems = DkimRecordCheck.Problems(records[0], signer);
        if (problems.Count > 0)
        {
            errors.WriteLine($"campaign: {name} at {asked} does not verify the service's mail: {string.Join("; ", problems)}");
            DkimCommand.WriteRecord(signer, output);
            return 1;
        }
        output.WriteLine($"{name} publishes the key the service signs with (asked {asked}).");
        if (DkimRecordCheck.Testing(records[0]))
            output.WriteLine("Note: the record says t=y (testing): receivers treat the mail as unsigned until that flag is removed.");
        return 0;
    }

    /// <summary>Whether <paramref name="text"/> reads as HOST, HOST:PORT, an IPv6 address or [IPv6]:PORT.</summary>
    public static bool TryParseServer(string text, out (string Host, int Port) parsed)
    {
        parsed = default;
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            parsed = (endpoint.Address.ToString(), endpoint.Port == 0 ? 53 : endpoint.Port);
            return true;
        }
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        var port = 53;
        if (colon >= 0 && !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port)) return false;
        if (port is < 1 or > 65535 || Uri.CheckHostName(host) != UriHostNameType.Dns) return false;
        parsed = (host, port);
        return true;
    }

    private async Task<LookupClient> ClientAsync(CancellationToken cancellationToken)
    {
        var options = new LookupClientOptions();
        if (server is not null)
        {
            if (!TryParseServer(server, out var parsed)) throw new StartupException($"--dns: '{server}' is not HOST or HOST:PORT");
            var address = IPAddress.TryParse(parsed.Host, out var literal)
                ? literal
                : await Dns.GetHostAddressesAsync(parsed.Host, cancellationToken) is [var first, ..] ? first : throw new SocketException((int)SocketError.HostNotFound);
            options = new LookupClientOptions(new NameServer(address, parsed.Port));
        }
        options.UseCache = false;
        options.Timeout = Timeout;
        options.Retries = Retries;
        options.ThrowDnsErrors = false;
        return new LookupClient(options);
    }

    private static int NotPublished(MailSigner signer, string finding, TextWriter output, TextWriter errors)
    {
        errors.WriteLine($"campaign: the DKIM record is not published: {finding}. Receivers cannot verify the service's mail until it is: publish the record below");
        DkimCommand.WriteRecord(signer, output);
        return 1;
    }
}
