using System.Text;
using MimeKit;

namespace Campaign.Core.Composition;

/// <summary>
/// A <see cref="MailBody"/> rendered once with placeholders, filled in per message straight into the UTF-8
/// bytes that go on the wire: thousands of confirmations share one text, so Markdown and UTF-8 encoding run
/// once for all of them, and each message allocates only its own bytes.
/// </summary>
internal sealed class FillableBody
{
    private readonly Segment[] text;
    private readonly Segment[] html;

    /// <param name="placeholders">Stand-ins for the values <see cref="Fill"/> takes, in the same order.</param>
    public FillableBody(MailBody rendered, params string[] placeholders)
    {
        text = Split(rendered.Text, placeholders);
        html = Split(rendered.Html, placeholders);
    }

    /// <summary>
    /// The body with each placeholder replaced by its value. Values go into the HTML unescaped, so they must
    /// be made of URL-safe characters only (our tokens are base64url).
    /// </summary>
    public MimeEntity Fill(params string[] values) => MailBody.Entity(Join(text, values), Join(html, values));

    /// <summary>Fixed bytes, or (when <see cref="Bytes"/> is null) the value with index <see cref="Slot"/>.</summary>
    private readonly record struct Segment(byte[]? Bytes, int Slot);

    private static Segment[] Split(string rendered, string[] placeholders)
    {
        var segments = new List<Segment>();
        var at = 0;
        while (true)
        {
            var (next, slot) = (-1, -1);
            for (var i = 0; i < placeholders.Length; i++)
            {
                var found = rendered.IndexOf(placeholders[i], at, StringComparison.Ordinal);
                if (found >= 0 && (next < 0 || found < next)) (next, slot) = (found, i);
            }
            if (next < 0) break;
            segments.Add(new Segment(Encoding.UTF8.GetBytes(rendered[at..next]), -1));
            segments.Add(new Segment(null, slot));
            at = next + placeholders[slot].Length;
        }
        segments.Add(new Segment(Encoding.UTF8.GetBytes(rendered[at..]), -1));
        return [.. segments];
    }

    private static byte[] Join(Segment[] segments, string[] values)
    {
        var length = 0;
        foreach (var s in segments) length += s.Bytes?.Length ?? Encoding.UTF8.GetByteCount(values[s.Slot]);
        var joined = new byte[length];
        var written = 0;
        foreach (var s in segments)
        {
            if (s.Bytes is { } bytes)
            {
                bytes.CopyTo(joined, written);
                written += bytes.Length;
            }
            else
            {
                written += Encoding.UTF8.GetBytes(values[s.Slot], joined.AsSpan(written));
            }
        }
        return joined;
    }
}
