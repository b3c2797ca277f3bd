using MimeKit;

namespace Campaign.Core.Replies;

/// <summary>One file a reply carried: kept (its decoded bytes) or, past the limits, only named and measured.</summary>
public sealed record ReplyAttachment(int N, string FileName, string ContentType, long Size, byte[]? Content)
{
    public bool Kept => Content is not null;

    /// <summary>
    /// The mail's attachments in order, each decoded. One larger than <paramref name="limit"/> bytes, or past the
    /// first <paramref name="count"/>, is listed with its name and size and not kept. The whole mail is already
    /// bounded (<c>Inbound:MaxMessageBytes</c>), so decoding one to measure it costs at most that.
    /// </summary>
    public static IReadOnlyList<ReplyAttachment> Of(MimeMessage mail, long limit, int count)
    {
        var found = new List<ReplyAttachment>();
        foreach (var entity in mail.Attachments)
        {
            var n = found.Count + 1;
            using var bytes = new MemoryStream();
            string name;
            if (entity is MessagePart { Message: { } attached })
            {
                attached.WriteTo(bytes);
                name = entity.ContentDisposition?.FileName ?? "message.eml";
            }
            else if (entity is MimePart { Content: { } content } part)
            {
                content.DecodeTo(bytes);
                name = part.FileName ?? $"attachment-{n}";
            }
            else continue;
            var keep = bytes.Length <= limit && n <= count;
            found.Add(new ReplyAttachment(n, ReplyText.Clean(name), entity.ContentType.MimeType, bytes.Length, keep ? bytes.ToArray() : null));
        }
        return found;
    }
}
