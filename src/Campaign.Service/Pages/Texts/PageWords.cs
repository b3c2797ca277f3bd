namespace Campaign.Service.Pages;

/// <summary>
/// Our own words on the supporter pages (campaign files hold the campaign's words). Formats take
/// <c>{0}</c>, <c>{1}</c>. One file per language: <c>English.cs</c>, <c>Korean.cs</c>, <c>Chinese.cs</c>, <c>Lao.cs</c>.
/// </summary>
public sealed record PageWords
{
    public required string LanguageName { get; init; }
    public required string Language { get; init; }
    public required string OpenCampaigns { get; init; }
    public required string NoCampaigns { get; init; }
    public required string SignatureCount { get; init; }
    public required string GoalProgress { get; init; }
    public required string TheLetter { get; init; }
    public required string LetterGoesTo { get; init; }
    public required string OwnLetter { get; init; }
    public required string YourName { get; init; }
    public required string ThePetition { get; init; }
    public required string SignHeading { get; init; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required string Country { get; init; }
    public required string ChooseCountry { get; init; }
    public required string Postcode { get; init; }
    public required string Comment { get; init; }
    public required string Consent { get; init; }
    public required string Share { get; init; }
    /// <summary>What a letter's target sees with and without <see cref="Share"/>: {0} the targets, {1} the anonymous signature.</summary>
    public required string ShareLetterHint { get; init; }
    /// <summary>What a petition's target receives with and without <see cref="Share"/>: {0} the targets.</summary>
    public required string SharePetitionHint { get; init; }
    public required string Replies { get; init; }
    /// <summary>Where a target's reply goes with and without <see cref="Replies"/>: {0} the targets.</summary>
    public required string RepliesHint { get; init; }
    /// <summary>The choice to get the campaign's updates, and what it means.</summary>
    public required string Updates { get; init; }
    public required string UpdatesHint { get; init; }
    /// <summary>The campaign page's section of published updates.</summary>
    public required string UpdatesTitle { get; init; }
    public required string StopUpdatesTitle { get; init; }
    public required string StopUpdatesButton { get; init; }
    public required string UpdatesStopped { get; init; }
    /// <summary>For a campaign that allows no replies: {0} the targets.</summary>
    public required string EmailNeverShown { get; init; }
    public required string SignButton { get; init; }
    public required string FixErrors { get; init; }
    public required string CheckEmailTitle { get; init; }
    public required string CheckEmail { get; init; }
    public required string NotOpen { get; init; }
    public required string ShareHeading { get; init; }
    public required string ShareAsk { get; init; }
    /// <summary>The share step's mailto: link (the other channels go by their own names).</summary>
    public required string ShareByEmail { get; init; }
    /// <summary>The button that opens the phone's own share sheet, shown only where the browser has one.</summary>
    public required string ShareNative { get; init; }
    /// <summary>Under the share links: they are plain links, and no service hears of the page before one is pressed.</summary>
    public required string ShareNothingSent { get; init; }
    /// <summary>The embedded form's link to the campaign's own page.</summary>
    public required string EmbedWholeCampaign { get; init; }
    public required string SignedCount { get; init; }
    public required string FormExpired { get; init; }
    public required string ConfirmTitle { get; init; }
    public required string ConfirmButton { get; init; }
    public required string Confirmed { get; init; }
    public required string Expired { get; init; }
    public required string WithdrawTitle { get; init; }
    public required string WithdrawButton { get; init; }
    public required string Withdrawn { get; init; }
    public required string EraseTitle { get; init; }
    /// <summary>What the "delete everything about me" link erases, and what stays.</summary>
    public required string EraseExplain { get; init; }
    public required string NeverEmailAgain { get; init; }
    public required string NeverEmailAgainHint { get; init; }
    public required string EraseButton { get; init; }
    public required string Erased { get; init; }
    public required SignErrorWords Errors { get; init; }
    public required ChallengeWords Challenge { get; init; }
    public required LedgerWords Ledger { get; init; }
    public required ReplyWords TargetReplies { get; init; }
}

/// <summary>The sign form's proof-of-work check, shown only while signing asks for one, and its honeypot's label.</summary>
/// <param name="Working">While the script solves it.</param>
/// <param name="NeedsScript">Without script, when the check is asked for: why, and what to do.</param>
/// <param name="Required">The field's error after a post without a solution.</param>
/// <param name="Stale">The field's error after a post with an expired, used or wrong solution.</param>
/// <param name="HoneypotLabel">Read only by a robot (and by nobody else: the field is hidden from sight and from screen readers).</param>
public sealed record ChallengeWords(string Working, string Done, string Failed, string NeedsScript, string Required, string Stale, string HoneypotLabel);

/// <summary>The public delivery record (<c>/c/{slug}/ledger</c>).</summary>
/// <param name="Title">{0} the campaign's title.</param>
/// <param name="Head">{0} the number of entries; the chain head follows it.</param>
public sealed record LedgerWords(string Title, string Intro, string Date, string Target, string Letters, string Deliveries, string Signatures, string Head, string Empty, string Link);

/// <summary>The campaign page's replies from targets, shown only once an organizer published one.</summary>
/// <param name="From">{0} the target's name, {1} the day it answered (yyyy-MM-dd); the excerpt follows.</param>
/// <param name="AutoReply">Beside an excerpt of an automatic answer ("we received your letter").</param>
public sealed record ReplyWords(string Heading, string From, string AutoReply);
