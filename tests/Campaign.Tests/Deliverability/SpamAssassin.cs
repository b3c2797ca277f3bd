using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Campaign.Tests.Infrastructure;
using MimeKit;
using MimeKit.IO;
using MimeKit.IO.Filters;

namespace Campaign.Tests.Deliverability;

/// <summary>What SpamAssassin made of one message: its score and every rule it hit, with their points.</summary>
public sealed record SpamVerdict(double Score, IReadOnlyList<(string Rule, double Points)> Rules)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Score:0.0} points: {string.Join(", ", Rules.Where(r => r.Points != 0).Select(r => $"{r.Rule} {r.Points:0.0##}"))}");
}

/// <summary>
/// Debian's <c>spamassassin</c> with the rules its package ships and no network tests, as an organizer runs it
/// on a preview (<c>spamassassin -t -L</c>). Every message goes through one run as an mbox: loading the rules
/// takes about a second, a message about a tenth of one.
/// </summary>
public static class SpamAssassin
{
    private const string Program = "spamassassin";

    /// <param name="messages">Each with a Message-ID of its own, which tells its verdict from the others'.</param>
    public static async Task<IReadOnlyList<SpamVerdict>> ScoreAsync(IReadOnlyList<MimeMessage> messages)
    {
        if (messages.Any(m => m.MessageId is null) || messages.DistinctBy(m => m.MessageId).Count() != messages.Count)
            throw new ArgumentException("every message needs a Message-ID of its own", nameof(messages));
        // A private home: no user_prefs or Bayes database of whoever runs the tests moves a score, and none is written.
        using var home = new TempDirectory("spamassassin");
        var info = new ProcessStartInfo(Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["HOME"] = home.Path;
        // -x: no preferences file; the two headers give the score and every rule with its points, one line each.
        foreach (var argument in new[] { "-x", "-t", "-L", "--mbox", "--cf=use_bayes 0",
                     "--cf=add_header all Score _SCORE_", "--cf=add_header all Rules _TESTSSCORES(,)_" })
            info.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            throw new InvalidOperationException(
                "spamassassin is not installed: run the tests with `bash tests/run.sh`, which installs Debian's spamassassin package");
        }
        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await using (var input = process.StandardInput.BaseStream)
                WriteMbox(messages, input);
            await reading;
            await process.WaitForExitAsync(timeout.Token);
            var complaints = await errors;
            if (process.ExitCode != 0) throw new InvalidOperationException($"spamassassin exited {process.ExitCode}: {complaints}");
            output.Position = 0;
            var verdicts = ReadVerdicts(output);
            return messages.Select(m => verdicts.TryGetValue(m.MessageId!, out var verdict) ? verdict
                : throw new InvalidOperationException($"spamassassin returned no message <{m.MessageId}> ({verdicts.Count} for {messages.Count}): {complaints}")).ToList();
        }
    }

    private static void WriteMbox(IReadOnlyList<MimeMessage> messages, Stream input)
    {
        var format = new FormatOptions { NewLineFormat = NewLineFormat.Unix };
        foreach (var message in messages)
        {
            input.Write("From campaign@localhost Thu Jan  1 00:00:00 2026\n"u8);
            // A body line starting "From " would start a new message: mbox writes it as ">From ".
            using (var escaped = new FilteredStream(input))
            {
                escaped.Add(new MboxFromFilter());
                message.WriteTo(format, escaped);
                escaped.Flush();
            }
            input.Write("\n"u8);
        }
    }

    /// <summary>
    /// The verdicts by Message-ID: spamassassin reads an mbox through its archive iterator, which sorts the
    /// messages by date, so they come back in an order of its own.
    /// </summary>
    private static Dictionary<string, SpamVerdict> ReadVerdicts(Stream output)
    {
        var verdicts = new Dictionary<string, SpamVerdict>(StringComparer.Ordinal);
        var parser = new MimeParser(output, MimeFormat.Mbox);
        while (!parser.IsEndOfStream)
        {
            var scored = parser.ParseMessage();
            var score = double.Parse(scored.Headers["X-Spam-Score"] ?? throw Unscored(scored), CultureInfo.InvariantCulture);
            var rules = string.Concat((scored.Headers["X-Spam-Rules"] ?? "").Where(c => !char.IsWhiteSpace(c)))
                .Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(hit => hit.Split('='))
                .Select(pair => (pair[0], double.Parse(pair[1], CultureInfo.InvariantCulture)))
                .OrderByDescending(r => r.Item2)
                .ToList();
            verdicts[scored.MessageId ?? throw Unscored(scored)] = new SpamVerdict(score, rules);
        }
        return verdicts;
    }

    private static InvalidOperationException Unscored(MimeMessage message) => new($"spamassassin left message <{message.MessageId}> without a score");
}
