using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Tests.Privacy;

/// <summary>
/// A supporter's whole path with logging turned up as far as it goes: no line, exception or scope names
/// them, their address, their IP or their tokens.
/// </summary>
public sealed partial class LogPrivacyTests(LogPrivacyTests.LoudService service) : IClassFixture<LogPrivacyTests.LoudService>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    /// <summary>The service with every category at Debug, including those appsettings.json quiets.</summary>
    public sealed class LoudService : ServiceFixture
    {
        public CapturedLog Log { get; } = new();

        protected override IEnumerable<string> ExtraSettings =>
        [
            "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug",
            "--Logging:LogLevel:Hangfire=Debug",
        ];

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);
    }

    [Fact]
    public async Task WholeFlow_WithOutageAndBadInput_LogsNothingThatIdentifiesTheSupporter()
    {
        var unique = new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + (c % 26))).ToArray());
        var local = $"quiet.{unique}";
        var email = $"{local}@logscan.example";
        var name = $"Haneul {char.ToUpperInvariant(unique[0])}{unique[1..]}";

        // Sign: the JSON API on the letter campaign, the HTML form on the petition.
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer(email, name))).StatusCode);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = service.BaseAddress };
        var form = await browser.GetStringAsync($"/c/{TestCampaigns.Petition}");
        var signed = await browser.PostAsync($"/c/{TestCampaigns.Petition}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name, ["email"] = email, ["country"] = "KR", ["locale"] = "en", ["consent"] = "true", ["__af"] = AntiforgeryField().Match(form).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);

        // Confirm through the page, as the link in the email does; the letters go out.
        var mail = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(email) && TestMailbox.Parse(m).Headers["X-Campaign"] == TestCampaigns.Letter, Soon));
        var confirmToken = await ConfirmTokenOfLetterAsync(email);
        var unsubscribeToken = mail.Headers["List-Unsubscribe"]!.Trim('<', '>').Split("/unsubscribe/")[1];
        var petitionMail = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(email) && TestMailbox.Parse(m).Headers["X-Campaign"] == TestCampaigns.Petition, Soon));
        var eraseToken = EraseLink().Match(petitionMail.TextBody ?? "").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync($"/confirm/{confirmToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync($"/confirm/{confirmToken}", null)).StatusCode);
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from messages m join signatures s on s.id = m.signature_id where s.email_key = @key and m.kind = 'letter' and m.status = 'sent'", new { key = service.AddressKey(email) }) > 0, Soon, "a letter is sent");

        // Bad input: an address that is not one, a body that is not JSON, a token one character off.
        Assert.Equal(HttpStatusCode.BadRequest, (await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer($"{local}@", name))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Client.PostAsync($"/api/campaigns/{TestCampaigns.Letter}/signatures",
            new StringContent($"{{\"email\": \"{email}\", \"name\": \"{name}\"", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Client.PostAsync($"/confirm/{confirmToken}x", null)).StatusCode);
        Assert.StartsWith("HTTP/1.1 400", await SendRawAsync($"G(T /confirm/{confirmToken} HTTP/1.1\r\nHost: localhost\r\n\r\n"), StringComparison.Ordinal);

        // The database stops answering: every new connection is refused and every open one is cut.
        await using (await OutageAsync())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer(email, name))).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await service.Client.PostAsync($"/confirm/{confirmToken}", null)).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await service.Client.GetAsync($"/unsubscribe/{unsubscribeToken}")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await service.Client.GetAsync($"/erase/{eraseToken}")).StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(2)); // the dispatcher and Hangfire's workers meet the outage too
        }

        // Back up: the supporter unsubscribes.
        await ServiceFixture.EventuallyAsync(async () => (await service.Client.GetAsync($"/unsubscribe/{unsubscribeToken}")).StatusCode == HttpStatusCode.OK,
            Soon, "the service answers again after the outage");
        var withdrawn = await service.Client.PostAsync($"/unsubscribe/{unsubscribeToken}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        // And has everything about them erased, from the petition's email.
        var erasePage = await browser.GetStringAsync($"/erase/{eraseToken}");
        var erased = await browser.PostAsync($"/erase/{eraseToken}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["never"] = "true", ["__af"] = AntiforgeryField().Match(erasePage).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);

        var lines = service.Log.Lines;
        // The outage was logged, by route: the log still tells an operator what failed.
        Assert.Contains(lines, l => l.Contains("Request to POST /confirm/{token} failed with PostgresException", StringComparison.Ordinal));
        var ownPorts = new[] { service.BaseAddress.Port, service.Mailbox.Port, new NpgsqlConnectionStringBuilder(service.ConnectionString).Port };
        var offending = lines.Select(line => (line, marker: MarkerIn(line, [email, local, name, confirmToken, unsubscribeToken, eraseToken], ownPorts)))
            .Where(hit => hit.marker is not null).ToList();
        Assert.True(offending.Count == 0,
            $"{offending.Count} of {lines.Count} log lines identify the supporter; the first:{Environment.NewLine}[{offending.FirstOrDefault().marker}] {offending.FirstOrDefault().line}");
    }

    /// <summary>
    /// The supporter's markers, and the client's address: 127.0.0.1 may appear only as one of the service's
    /// own endpoints — its listen address, the relay's or the database's (<c>127.0.0.1:port</c>, or Hangfire's
    /// "Host: 127.0.0.1" naming its storage) — never on its own or with a client's port.
    /// </summary>
    private static string? MarkerIn(string line, string[] markers, int[] ownPorts)
    {
        if (markers.FirstOrDefault(m => line.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } marker) return marker;
        foreach (Match address in Loopback().Matches(line))
        {
            var ownEndpoint = address.Groups["port"].Success && ownPorts.Contains(int.Parse(address.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            if (!ownEndpoint && !address.Groups["host"].Success) return "client address " + address.Value;
        }
        return null;
    }

    private async Task<string> ConfirmTokenOfLetterAsync(string email)
    {
        var mail = await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(email) && TestMailbox.Parse(m).Headers["X-Campaign"] == TestCampaigns.Letter, Soon);
        var text = TestMailbox.Parse(mail).TextBody ?? "";
        var start = text.IndexOf("/confirm/", StringComparison.Ordinal) + "/confirm/".Length;
        return new string(text[start..].TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());
    }

    /// <summary>A request line no HTTP client would send: Kestrel itself refuses it.</summary>
    private async Task<string> SendRawAsync(string request)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, service.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private async Task<IAsyncDisposable> OutageAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(service.ConnectionString).Database!;
        var maintenance = new NpgsqlConnectionStringBuilder(service.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(maintenance))
        {
            await connection.ExecuteAsync($"alter database \"{database}\" allow_connections false");
            await connection.ExecuteAsync("select pg_terminate_backend(pid) from pg_stat_activity where datname = @database", new { database });
        }
        return new Restore(maintenance, database);
    }

    private sealed class Restore(string maintenance, string database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var connection = new NpgsqlConnection(maintenance);
            await connection.ExecuteAsync($"alter database \"{database}\" allow_connections true");
        }
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"/erase/([A-Za-z0-9_-]+)")]
    private static partial Regex EraseLink();

    [GeneratedRegex(@"(?<host>Host: )?127\.0\.0\.1(?::(?<port>\d+))?")]
    private static partial Regex Loopback();
}
