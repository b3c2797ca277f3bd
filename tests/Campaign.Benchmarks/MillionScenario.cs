using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Campaign.Core.Outbox;
using Campaign.Core.Reports;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Campaign.Benchmarks;

/// <summary>
/// The <c>million</c> scenario (issue 16, point 4): a million confirmations queued by COPY, drained by one
/// <c>--role worker</c> process to Postfix's smtp-sink. Reports the throughput every interval with the worker's
/// resident memory, its peak at the end, the plans of the outbox's hot queries at a million rows (they must stay
/// on their indexes), and how fast the admin dashboard of a <c>--role web</c> process answers, full and drained.
/// </summary>
public static class MillionScenario
{
    private const string Slug = "china-stop-forced-returns";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(int messages)
    {
        using var data = new TempFolder();
        await using var postgres = await DurablePostgres.StartAsync(data);
        await using var sink = await Sink.StartAsync(preferPostfix: true);
        var setup = new ServiceProcess.Setup(postgres.ConnectionString, Path.Combine(data.Path, "data"), sink.Port);
        Console.WriteLine($"million: {messages:N0} confirmations, {sink.Name}, {Environment.ProcessorCount} cores");

        await using var web = await ServiceProcess.StartAsync(setup, "web");
        using var http = new HttpClient { BaseAddress = new Uri(web.Site) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceProcess.AdminKey);

        // What the dashboard costs with nothing in it, to hold the figures below against.
        await DashboardAsync(http, "empty");
        var clock = Stopwatch.StartNew();
        await QueueAsync(postgres.ConnectionString, http, messages);
        Console.WriteLine($"queued {messages:N0} signatures and their confirmations by COPY in {clock.Elapsed.TotalSeconds:N1} s (then vacuum analyze)");

        Console.WriteLine();
        await DashboardAsync(http, "queued");
        await PlansAsync(postgres.ConnectionString, "queued");

        clock.Restart();
        await using var worker = await ServiceProcess.StartAsync(setup, "worker");
        Console.WriteLine();
        Console.WriteLine($"| {"at",7} | {"sent",11} | {"in the interval",16} | {"since the start",16} | {"worker RSS",11} |");
        Console.WriteLine($"|{new string('-', 9)}|{new string('-', 13)}|{new string('-', 18)}|{new string('-', 18)}|{new string('-', 13)}|");
        long previous = 0;
        var halfway = false;
        var patience = TimeSpan.FromHours(2);
        while (true)
        {
            await Task.Delay(Interval);
            var sent = await SentAsync(postgres.ConnectionString);
            var at = clock.Elapsed;
            Console.WriteLine($"| {at.TotalSeconds,5:N0} s | {sent,11:N0} | {(sent - previous) / Interval.TotalSeconds,12:N0} /s | {sent / at.TotalSeconds,12:N0} /s | {Memory(worker.Id, "VmRSS"),8:N0} MB |");
            previous = sent;
            if (!halfway && sent >= messages / 2)
            {
                halfway = true;
                Console.WriteLine("| (halfway: plans and dashboard below, measured while sending) |");
                await PlansAsync(postgres.ConnectionString, "halfway");
                await DashboardAsync(http, "halfway");
            }
            if (sent >= messages) break;
            if (at > patience) throw new TimeoutException($"{sent:N0} of {messages:N0} sent after {patience}");
        }
        Console.WriteLine($"all {messages:N0} sent in {clock.Elapsed.TotalSeconds:N0} s: {messages / clock.Elapsed.TotalSeconds:N0} /s from the worker's start; " +
            $"worker peak RSS {Memory(worker.Id, "VmHWM"):N0} MB");
        await DashboardAsync(http, "drained");
        await PlansAsync(postgres.ConnectionString, "drained");
        await worker.StopAsync();
        await web.StopAsync();
    }

    /// <summary>
    /// One supporter signs through the API; then <paramref name="count"/> - 1 more signatures like theirs (their
    /// sealed details, each with its own address key) and a queued confirmation for each are copied in.
    /// </summary>
    private static async Task QueueAsync(string connectionString, HttpClient http, int count)
    {
        using (var answer = await http.PostAsJsonAsync($"/api/campaigns/{Slug}/signatures", new { name = "Load Test", email = "template@load.example", country = "KR", consent = true }))
            answer.EnsureSuccessStatusCode();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var signature = await connection.QuerySingleAsync<(long Id, byte[] Email, string EmailKey, byte[] Name, string Country, string Locale, int SealedWith, short KeyedAs)>(
            "select id, email, email_key, name, country, locale, sealed_with, keyed_as from signatures where campaign = @Slug", new { Slug });
        var message = await connection.QuerySingleAsync<(string? ToAddress, string Language, string MessageId)>(
            "select to_address, language, message_id from messages where signature_id = @Id", new { signature.Id });
        var domain = message.MessageId[(message.MessageId.IndexOf('@') + 1)..];
        var now = DateTime.UtcNow;

        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy signatures (id, campaign, email, email_key, name, country, locale, sealed_with, keyed_as, created_at) from stdin (format binary)"))
        {
            for (var i = 1; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(signature.Id + i, NpgsqlDbType.Bigint);
                await copy.WriteAsync(Slug, NpgsqlDbType.Text);
                await copy.WriteAsync(signature.Email, NpgsqlDbType.Bytea);
                await copy.WriteAsync($"{signature.EmailKey}-{i}", NpgsqlDbType.Text);
                await copy.WriteAsync(signature.Name, NpgsqlDbType.Bytea);
                await copy.WriteAsync(signature.Country, NpgsqlDbType.Char);
                await copy.WriteAsync(signature.Locale, NpgsqlDbType.Text);
                await copy.WriteAsync(signature.SealedWith, NpgsqlDbType.Integer);
                await copy.WriteAsync(signature.KeyedAs, NpgsqlDbType.Smallint);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        await connection.ExecuteAsync("select setval('signatures_id_seq', (select max(id) from signatures))");

        await using (var copy = await connection.BeginBinaryImportAsync("copy message_keys (dedupe_key) from stdin (format binary)"))
        {
            for (var i = 1; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync($"confirmation:{signature.Id + i}", NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy messages (message_id, dedupe_key, campaign, kind, signature_id, to_address, language, next_attempt_at, created_at) from stdin (format binary)"))
        {
            for (var i = 1; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync($"{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))}@{domain}", NpgsqlDbType.Text);
                await copy.WriteAsync($"confirmation:{signature.Id + i}", NpgsqlDbType.Text);
                await copy.WriteAsync(Slug, NpgsqlDbType.Text);
                await copy.WriteAsync(MessageKind.Confirmation, NpgsqlDbType.Text);
                await copy.WriteAsync(signature.Id + i, NpgsqlDbType.Bigint);
                if (message.ToAddress is null) await copy.WriteNullAsync(); else await copy.WriteAsync(message.ToAddress, NpgsqlDbType.Text);
                await copy.WriteAsync(message.Language, NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        // As autovacuum would leave a table this size soon after: visibility map and statistics current.
        foreach (var table in new[] { "signatures", "messages", "message_keys" })
            await connection.ExecuteAsync($"vacuum analyze {table}", commandTimeout: 1800);
    }

    private static async Task<long> SentAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return (await KeptCounts.ByStatusAsync(connection, KeptCounts.Messages)).GetValueOrDefault(Slug)?.GetValueOrDefault(MessageStatus.Sent) ?? 0;
    }

    /// <summary>The admin dashboard, as an admin's browser asks for it every 15 s: the best, the median and the worst of 20.</summary>
    private static async Task DashboardAsync(HttpClient http, string moment)
    {
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var clock = Stopwatch.StartNew();
            using var answer = await http.GetAsync("/admin");
            answer.EnsureSuccessStatusCode();
            await answer.Content.ReadAsByteArrayAsync();
            if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds); // the first warms the process's caches
        }
        times.Sort();
        Console.WriteLine($"dashboard ({moment}): GET /admin best {times[0]:N0} ms, median {times[times.Count / 2]:N0} ms, worst {times[^1]:N0} ms");
    }

    /// <summary>How PostgreSQL runs the claim, the counts and the oldest-due read now, each inside a transaction rolled back.</summary>
    private static async Task PlansAsync(string connectionString, string moment)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        (string What, string Sql, object Parameters)[] queries =
        [
            ("claim of 100 confirmations", OutboxStore.ClaimUnthrottledSql, new { limit = 100, now = DateTime.UtcNow, leaseUntil = DateTime.UtcNow.AddMinutes(1) }),
            ("counts for /metrics and the dashboard", KeptCounts.ByStatusSql, new { subject = KeptCounts.Messages }),
            ("problems on the dashboard", OutboxReport.ProblemsSql(OutboxReport.ProblemStatuses), new { campaign = (string?)null, kind = (string?)null, limit = 200 }),
        ];
        foreach (var (what, sql, parameters) in queries)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var plan = (await connection.QueryAsync<string>("explain (analyze, costs off, timing on) " + sql, parameters, transaction)).ToList();
            await transaction.RollbackAsync();
            var scans = plan.Where(l => l.Contains("Scan", StringComparison.Ordinal)).Select(l => l.Trim().TrimStart('-', '>', ' ')).ToList();
            var time = plan.LastOrDefault(l => l.StartsWith("Execution Time", StringComparison.Ordinal)) ?? "";
            Console.WriteLine($"plan ({moment}) of the {what}: {time}; {(scans.Any(s => s.StartsWith("Seq Scan on messages", StringComparison.Ordinal)) ? "SCANS THE OUTBOX" : "on indexes")}");
            foreach (var scan in scans) Console.WriteLine($"    {scan}");
        }
    }

    /// <summary>A line of <c>/proc/{pid}/status</c>, in MB: VmRSS now, VmHWM the peak.</summary>
    private static long Memory(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
