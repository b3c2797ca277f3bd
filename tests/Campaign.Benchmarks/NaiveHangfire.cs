using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Campaign.Benchmarks;

/// <summary>
/// (c) What most tutorials show: every email is its own Hangfire job, which connects, sends one message and
/// disconnects. Measured with a real Hangfire server on the same PostgreSQL.
/// </summary>
public static class NaiveHangfire
{
    private static int port;
    private static int done;
    private static BareMailKit.Shape? shape;

    public static async Task SendAsync(string connectionString, int relayPort, int messages, int workers, MimeMessage sample)
    {
        port = relayPort;
        shape = BareMailKit.Shape.Of(sample);
        done = 0;
        var options = new PostgreSqlStorageOptions { SchemaName = "naive", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromMilliseconds(200) };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        var client = new BackgroundJobClient(storage);
        for (var i = 0; i < messages; i++)
        {
            var n = i;
            client.Enqueue(() => SendOne(n));
        }
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workers * 2 }, storage);
        while (Volatile.Read(ref done) < messages) await Task.Delay(20);
    }

    [AutomaticRetry(Attempts = 0)]
    public static void SendOne(int n)
    {
        using var smtp = new SmtpClient();
        smtp.Connect("127.0.0.1", port, SecureSocketOptions.None);
        smtp.Send(BareMailKit.Build(shape!, MailboxAddress.Parse("Free the Nine <campaigns@campaign.example>"), n));
        smtp.Disconnect(true);
        Interlocked.Increment(ref done);
    }
}
