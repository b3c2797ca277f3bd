using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>What an RFC 3464 delivery status part says, read through MimeKit's <see cref="MessageDeliveryStatus"/>.</summary>
/// <param name="Finding">The recipient the report is most about; null when no recipient block could be read.</param>
/// <param name="OriginalMessageId">Gmail's X-Original-Message-ID per-message field, for a report that returns nothing.</param>
internal sealed record DeliveryStatusReport(BounceFinding? Finding, string? OriginalMessageId)
{
    // Longer than any address type ("rfc822", "x-postfix", "smtp"); a "type;" prefix longer than this is the reason itself.
    private const int LongestType = 20;

    public static DeliveryStatusReport Read(MessageDeliveryStatus part)
    {
        HeaderListCollection groups;
        try
        {
            groups = part.StatusGroups;
        }
        catch (FormatException)
        {
            // MimeKit parses the groups when first asked and refuses garbage: the human text is all there is.
            return new DeliveryStatusReport(null, null);
        }
        string? original = null;
        HeaderList? chosen = null;
        var rank = int.MaxValue;
        foreach (var group in groups)
        {
            original ??= MessageIds.Clean(group["X-Original-Message-ID"]);
            if (!NamesARecipient(group)) continue;
            var groupRank = Rank(ActionOf(group));
            if (groupRank < rank) (chosen, rank) = (group, groupRank);
        }
        return new DeliveryStatusReport(chosen is null ? null : Read(chosen), original);
    }

    private static BounceFinding Read(HeaderList group)
    {
        var reason = Typeless(group["Diagnostic-Code"]);
        var status = StatusCodes.FromField(group["Status"])
            ?? (reason is null ? null : (StatusCodes.Find(reason) ?? StatusCodes.FromWords(reason))?.Status);
        // The address we sent to, before any forwarding rewrote it, then where it finally failed.
        var recipient = Addresses.First(group["Original-Recipient"]) ?? Addresses.First(group["Final-Recipient"]);
        return new BounceFinding(ActionOf(group), status, StatusCodes.Clean(reason), recipient);
    }

    // Some servers leave out the per-message block, so any block naming a recipient or an outcome counts.
    private static bool NamesARecipient(HeaderList group) =>
        group.Contains("Final-Recipient") || group.Contains("Original-Recipient") || group.Contains("Action")
        || group.Contains("Status") || group.Contains("Diagnostic-Code");

    private static string? ActionOf(HeaderList group) =>
        group["Action"] is { } action && action.Trim().Split(' ', ';', '(')[0] is { Length: > 0 } word ? word.ToLowerInvariant() : null;

    // A failure is what the report is about; a delay next; a delivered copy for another recipient last.
    private static int Rank(string? action) => action switch
    {
        "failed" => 0,
        "delayed" => 1,
        "delivered" or "relayed" or "expanded" => 3,
        _ => 2,
    };

    /// <summary>"smtp; 550 5.1.1 ..." without its "smtp;".</summary>
    private static string? Typeless(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return null;
        var type = field.IndexOf(';', StringComparison.Ordinal);
        return type > 0 && type <= LongestType && !field.AsSpan(0, type).Trim().Contains(' ') ? field[(type + 1)..] : field;
    }
}
