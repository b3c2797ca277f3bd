using System.Text;
using Campaign.Core.Privacy;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Receiving;

/// <summary>Mail as it comes back to the service, and what the service kept of it.</summary>
public static class InboundMail
{
    /// <summary>A delivery status notification (RFC 3464) from a remote server, with a marker to find it by.</summary>
    public static byte[] Bounce(string to, string marker, int padding = 0) => Encoding.ASCII.GetBytes($"""
        From: Mail Delivery System <MAILER-DAEMON@mx.ministry.example>
        To: {to}
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <{marker}@mx.ministry.example>
        Date: Tue, 2 Dec 2025 10:00:00 +0000
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        The mail could not be delivered. {marker}
        {Padding(padding)}
        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.ministry.example

        Final-Recipient: rfc822; gone@ministry.example
        Action: failed
        Status: 5.1.1

        --b1--

        """.ReplaceLineEndings("\r\n"));

    /// <summary>A bounce that names our address only in <paramref name="header"/> (To, Cc, Delivered-To, X-Original-To, Envelope-To).</summary>
    public static byte[] BounceVia(string header, string address, string marker) => header == "To"
        ? Bounce(address, marker)
        : [.. Encoding.ASCII.GetBytes($"{header}: {address}\r\n"), .. Bounce("Postmaster <postmaster@mx.ministry.example>", marker)];

    // Lines of 78 bytes, as a mail server sends them (never one line longer than 998).
    private static string Padding(int bytes) =>
        string.Concat(Enumerable.Repeat(new string('x', 76) + "\r\n", bytes / 78)).TrimEnd();

    /// <summary>Mail that is nobody's business but its owner's, in the same mailbox.</summary>
    public static byte[] Unrelated(string marker) => Encoding.ASCII.GetBytes($"""
        From: A Friend <friend@elsewhere.example>
        To: Someone Else <someone@elsewhere.example>
        Subject: Lunch?
        Message-ID: <{marker}@elsewhere.example>
        Date: Tue, 2 Dec 2025 10:00:00 +0000

        Lunch on Friday? {marker}

        """.ReplaceLineEndings("\r\n"));

    /// <summary>What <c>inbound_mail</c> holds from <paramref name="source"/> whose text carries the marker, opened.</summary>
    public static async Task<List<string>> StoredAsync(ServiceFixture service, string source, string marker)
    {
        var vault = service.Service.Services.GetRequiredService<SupporterVault>();
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        var rows = await connection.QueryAsync<byte[]>("select raw from inbound_mail where source = @source and raw is not null", new { source });
        return rows.Select(raw => Encoding.ASCII.GetString(vault.OpenBytes(raw, SupporterVault.InboundRaw))).Where(text => text.Contains(marker, StringComparison.Ordinal)).ToList();
    }

    public static string Marker() => "m" + Guid.NewGuid().ToString("N")[..16];
}
