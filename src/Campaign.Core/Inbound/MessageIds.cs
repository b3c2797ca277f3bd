using MimeKit;
using MimeKit.Utils;

namespace Campaign.Core.Inbound;

/// <summary>Message-IDs as the outbox stores them: without angle brackets.</summary>
internal static class MessageIds
{
    // RFC 5322's line limit; anything longer is not an id we made.
    private const int Longest = 998;

    public static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var id = MimeUtils.EnumerateReferences(value).FirstOrDefault();
        if (id is null)
        {
            // Some servers rewrite the id without its brackets; take it when it is still one word.
            var bare = value.Trim().Trim('<', '>').Trim();
            id = bare.Length > 0 && !bare.Any(char.IsWhiteSpace) ? bare : null;
        }
        return id is { Length: > 0 and <= Longest } ? id : null;
    }

    /// <summary>What the mail answers: In-Reply-To, else the last of References (its parent).</summary>
    public static string? Answered(MimeMessage mail) =>
        Clean(mail.Headers[HeaderId.InReplyTo]) ?? (mail.References is { Count: > 0 } references ? Clean(references[^1]) : null);
}
