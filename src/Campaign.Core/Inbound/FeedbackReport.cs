using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>What an ARF feedback report (RFC 5965) says, read through MimeKit's <see cref="MessageFeedbackReport"/>.</summary>
/// <param name="FeedbackType">Its Feedback-Type, lower case ("abuse"); null when it names none.</param>
internal sealed record FeedbackReport(string? FeedbackType, string? Recipient)
{
    // What a person reports about mail they did not want. "not-spam" says the opposite and "auth-failure"
    // (RFC 6591) is about authentication, not about the recipient's wishes; neither is a complaint.
    private static readonly string[] Complaints = ["abuse", "fraud", "virus", "other"];

    public bool IsComplaint => FeedbackType is not null && Complaints.Contains(FeedbackType);

    public static FeedbackReport Read(MessageFeedbackReport part)
    {
        HeaderList fields;
        try
        {
            fields = part.Fields;
        }
        catch (FormatException)
        {
            // MimeKit parses the fields when first asked and refuses garbage: a report that says nothing.
            return new FeedbackReport(null, null);
        }
        var type = fields["Feedback-Type"]?.Trim().Split(' ', ';', '(')[0].ToLowerInvariant();
        var recipient = Addresses.First(fields["Original-Rcpt-To"]) ?? Addresses.First(fields["Removal-Recipient"]);
        return new FeedbackReport(string.IsNullOrEmpty(type) ? null : type, recipient);
    }
}
