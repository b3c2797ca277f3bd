using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>The message a bounce or report gives back to us, as far as its headers go.</summary>
/// <param name="MessageId">Its Message-ID without brackets, if it had one.</param>
/// <param name="IsBounce">It is itself a bounce: what bounced was not our mail but a bounce (a mail loop).</param>
internal sealed partial record ReturnedMessage(string? MessageId, bool IsBounce)
{
    // Far enough to cover the headers of any returned message; the rest of an inline copy is its body.
    private const int HeaderLength = 16 * 1024;

    /// <summary>
    /// The returned message: attached (message/rfc822, text/rfc822-headers), else copied inline into the
    /// bounce text after a marker ("--- Below this line is a copy of the message."). Null when neither.
    /// </summary>
    public static ReturnedMessage? Find(MimeMessage mail, string body)
    {
        if (MailParts.Returned(mail) is { } attached) return From(attached);
        var copy = InlineCopy.Start(body);
        if (copy < 0) return null;
        var headers = InlineHeaders(body[copy..]);
        if (headers is not null && headers.Contains(HeaderId.MessageId)) return From(headers);
        // An indented copy ("    Message-ID: <...>") is not a header block; its id line is still plain to see.
        var line = MessageIdLine().Match(body, copy);
        return new ReturnedMessage(line.Success ? MessageIds.Clean(line.Groups["id"].Value) : null, headers is not null && BounceSigns.Show(headers));
    }

    private static ReturnedMessage From(HeaderList headers) =>
        new(MessageIds.Clean(headers[HeaderId.MessageId]), BounceSigns.Show(headers));

    private static HeaderList? InlineHeaders(string copy)
    {
        // The marker's own line, then the blank lines between it and the copy.
        var start = NextLine(copy, 0);
        while (start < copy.Length && copy.AsSpan(start, NextLine(copy, start) - start).IsWhiteSpace()) start = NextLine(copy, start);
        if (start >= copy.Length) return null;
        var block = copy.Substring(start, Math.Min(copy.Length - start, HeaderLength));
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(block));
            var headers = HeaderList.Load(stream);
            return headers.Count > 0 ? headers : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static int NextLine(string text, int index)
    {
        var end = text.IndexOf('\n', index);
        return end < 0 ? text.Length : end + 1;
    }

    [GeneratedRegex(@"^[ \t>]*Message-ID:[ \t]*(?<id><?[^\s<>]+@[^\s<>]+>?)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MessageIdLine();
}
