using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>Addresses as reports write them: "rfc822; alice@example.org", "&lt;alice@example.org&gt;", a list.</summary>
internal static class Addresses
{
    // A local part and a domain, as long as an address may be (RFC 5321: 64 + 1 + 255).
    private const int Longest = 320;

    /// <summary>The first address in a report field, without its address type and brackets; null when there is none.</summary>
    public static string? First(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return null;
        var value = field.Trim();
        var type = value.IndexOf(';', StringComparison.Ordinal);
        if (type >= 0 && !value.AsSpan(0, type).ContainsAny(" <@")) value = value[(type + 1)..].Trim();
        if (InternetAddressList.TryParse(value, out var list) && list.Mailboxes.FirstOrDefault() is { } mailbox
            && mailbox.Address.Contains('@', StringComparison.Ordinal))
            return Bounded(mailbox.Address);
        var bare = value.Trim('<', '>', ' ', '\t');
        return bare.Contains('@', StringComparison.Ordinal) && !bare.Any(char.IsWhiteSpace) ? Bounded(bare) : null;
    }

    /// <summary>The address a person or a machine wrote from.</summary>
    public static string? Sender(MimeMessage mail) => mail.From.Mailboxes.FirstOrDefault() is { } from ? Bounded(from.Address) : null;

    private static string? Bounded(string address) => address.Length is > 0 and <= Longest ? address : null;
}
