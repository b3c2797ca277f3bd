using System.Globalization;
using Campaign.Core.Notices;

namespace Campaign.Core.Composition;

/// <summary>
/// What organizers are told. Organizers run the campaign in its default language, but these notices are
/// working mail for a small team, so they are in English only for now; the campaign title is in the
/// campaign's default language.
/// </summary>
public static class NoticeTexts
{
    public static (string Subject, string Markdown) For(NoticeFacts notice, string title, string? targetName, long? goal)
    {
        var total = notice.Signatures.ToString("N0", CultureInfo.InvariantCulture);
        var ofGoal = goal is { } g ? $" (goal: {g.ToString("N0", CultureInfo.InvariantCulture)})" : "";
        return notice.Event switch
        {
            NoticeEvents.Milestone => (
                $"Milestone: {notice.Milestone.ToString("N0", CultureInfo.InvariantCulture)} signatures for \"{title}\"",
                $"\"{title}\" has crossed {notice.Milestone.ToString("N0", CultureInfo.InvariantCulture)} confirmed signatures: {total} so far{ofGoal}."),
            NoticeEvents.Opened => (
                $"Open for signatures: \"{title}\"",
                $"\"{title}\" is now open for signatures. Confirmed signatures so far: {total}{ofGoal}."),
            NoticeEvents.Closed => (
                $"Closed: \"{title}\"",
                $"\"{title}\" has closed with {total} confirmed signatures{ofGoal}. It takes no new signatures and queues no new letters; " +
                "mail already queued is still sent, and a petition's remaining signatures go to its targets in a final delivery."),
            NoticeEvents.Delivery => (
                $"Delivered to {targetName}: {notice.NewSignatures} new signatures for \"{title}\"",
                $"A delivery of {notice.NewSignatures} new signatures to the petition \"{title}\" has been queued for {targetName}. " +
                $"Total confirmed signatures: {total}{ofGoal}. The admin API lists every delivery and what it carried."),
            NoticeEvents.TargetFailing => (
                $"Address failing: {targetName} (\"{title}\")",
                $"Mail to {targetName} for \"{title}\" bounced: {notice.Reason}. Letters and deliveries to this target are held " +
                "(queued, not sent) until an admin clears the flag on the dashboard or the campaign file gives the target another address."),
            NoticeEvents.Surge => (
                $"Surge: {notice.NewSignatures} signatures within an hour from one source (\"{title}\")",
                $"\"{title}\" received {notice.NewSignatures} signatures within one hour from one {notice.Reason}. That can be a real " +
                "surge (a big webmail domain, a country where the campaign is in the news) or a fake one. The admin dashboard lists it " +
                $"under Surges; an admin can count and invalidate its signatures there. Confirmed signatures: {total}{ofGoal}. " +
                "No further notice is sent about this source this hour."),
            _ => ($"About \"{title}\"", $"\"{title}\": {notice.Event}."),
        };
    }
}
