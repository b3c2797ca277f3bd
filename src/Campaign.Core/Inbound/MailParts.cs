using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>Walks the parts of a piece of mail without entering attached messages.</summary>
internal static class MailParts
{
    // Deep enough for any real report (a report inside a mixed wrapper inside an alternative); a crafted
    // thousand-level nesting stops here instead of costing a deep recursion.
    private const int DeepestNesting = 16;

    /// <summary>The mail's own parts, depth first: multiparts are opened, attached messages are returned whole.</summary>
    public static IEnumerable<MimeEntity> Own(MimeMessage mail)
    {
        if (mail.Body is null) yield break;
        var pending = new Stack<(MimeEntity Entity, int Depth)>();
        pending.Push((mail.Body, 0));
        while (pending.Count > 0)
        {
            var (entity, depth) = pending.Pop();
            yield return entity;
            if (entity is not Multipart multipart || depth >= DeepestNesting) continue;
            for (var i = multipart.Count - 1; i >= 0; i--) pending.Push((multipart[i], depth + 1));
        }
    }

    /// <summary>The headers of the message the mail returns (message/rfc822, text/rfc822-headers), if it returns one.</summary>
    public static HeaderList? Returned(MimeMessage mail) =>
        Own(mail).OfType<MessagePart>().Select(part => part.Message?.Headers).FirstOrDefault(headers => headers is { Count: > 0 });
}
