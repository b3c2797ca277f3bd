using System.Text.Json;
using System.Text;
using Campaign.Core.Campaigns;
using Campaign.Core.Signatures;
using MimeKit;
using static Campaign.Service.Api.SignatureProblem;

namespace Campaign.Service.Api;

/// <summary>
/// Reads a signature from the API's JSON (or the sign form's fields) and checks every field, collecting
/// one problem per field so the supporter sees everything to fix at once.
/// </summary>
public static class SignatureForm
{
    public const int MaxName = 100;
    public const int MaxEmail = 254;
    public const int MaxPostcode = 16;
    public const int MaxComment = 1_000;
    public const int MaxLetter = 5_000;

    /// <summary>The solved proof of work, when the gate asks for one (<c>Abuse.SigningGate</c>).</summary>
    public const string ChallengeField = "challenge";

    /// <summary>
    /// The honeypot: a field a person never sees, named as a form-filling robot likes to fill it. Not read into
    /// the signature; a post that fills it is answered as if signed and kept nowhere.
    /// </summary>
    public const string HoneypotField = "website";

    /// <summary>
    /// The campaign's share code the supporter arrived with (<c>?ref=</c>). Not part of the signature: it is only
    /// counted (<c>SignatureRefCounts</c>), and a code the campaign does not have is ignored, not refused.
    /// </summary>
    public const string RefField = "ref";

    /// <summary>The code if it is one of the campaign's, else null.</summary>
    public static string? RefOf(string? code, CampaignDefinition campaign) => campaign.Share.IsCode(code) ? code : null;

    // Every problem the checks can find, whether the signature came as JSON or from the sign form. The sign
    // page words each of them in its languages (SignErrorsTests reads these fields to make sure).
    internal static readonly SignatureProblem NameRequired = new("name", Required, "is required");
    internal static readonly SignatureProblem NameTooLong = new("name", TooLong, $"must be at most {MaxName} characters");
    internal static readonly SignatureProblem EmailRequired = new("email", Required, "is required");
    internal static readonly SignatureProblem EmailInvalid = new("email", Invalid, "is not a valid email address");
    internal static readonly SignatureProblem CountryRequired = new("country", Required, "is required");
    internal static readonly SignatureProblem CountryInvalid = new("country", Invalid, "is not an ISO 3166-1 alpha-2 country code");
    internal static readonly SignatureProblem PostcodeTooLong = new("postcode", TooLong, $"must be at most {MaxPostcode} characters");
    internal static readonly SignatureProblem LocaleInvalid = new("locale", Invalid, "is not a language tag");
    internal static readonly SignatureProblem CommentTooLong = new("comment", TooLong, $"must be at most {MaxComment} characters");
    internal static readonly SignatureProblem LetterNotEditable = new("letter.body", NotEditable, "this campaign's letter cannot be edited");
    internal static readonly SignatureProblem LetterTooLong = new("letter.body", TooLong, $"must be at most {MaxLetter} characters");
    internal static readonly SignatureProblem ConsentRequired = new("consent", Required, "is required: agree to the campaign's terms to sign");
    internal static readonly SignatureProblem ConsentNotGiven = new("consent", NotAccepted, "must be true: agree to the campaign's terms to sign");
    internal static readonly SignatureProblem ShareWrongType = new("share", WrongType, "must be true or false");
    internal static readonly SignatureProblem ShareInvalid = new("share", Invalid, "must be a ticked checkbox (on or true) or absent");
    internal static readonly SignatureProblem RepliesWrongType = new("replies", WrongType, "must be true or false");
    internal static readonly SignatureProblem RepliesInvalid = new("replies", Invalid, "must be a ticked checkbox (on or true) or absent");
    internal static readonly SignatureProblem UpdatesWrongType = new("updates", WrongType, "must be true or false");
    internal static readonly SignatureProblem UpdatesInvalid = new("updates", Invalid, "must be a ticked checkbox (on or true) or absent");

    // The challenge and the honeypot are the gate's, not the signature's; known here so JSON may carry them.
    private static readonly HashSet<string> Known = ["name", "email", "country", "postcode", "locale", "comment", "letter", "consent", "share", "replies", "updates",
        ChallengeField, HoneypotField, RefField];

    /// <summary>A string field of the JSON body the signature does not read (the challenge, the honeypot); null when absent.</summary>
    public static string? Extra(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static (SignatureRequest? Request, Dictionary<string, SignatureProblem> Problems) FromJson(JsonElement root, CampaignDefinition campaign)
    {
        var problems = new Dictionary<string, SignatureProblem>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
        {
            Report(problems, "body", WrongType, "must be a JSON object");
            return (null, problems);
        }
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        bool? consent = null, share = null, replies = null, updates = null;
        foreach (var property in root.EnumerateObject())
        {
            var isBool = property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False;
            switch (property.Name)
            {
                case "consent":
                    if (isBool) consent = property.Value.GetBoolean();
                    else Report(problems, property.Name, WrongType, "must be true or false");
                    break;
                case "share":
                    if (isBool) share = property.Value.GetBoolean();
                    else problems[ShareWrongType.Field] = ShareWrongType;
                    break;
                case "replies":
                    if (isBool) replies = property.Value.GetBoolean();
                    else problems[RepliesWrongType.Field] = RepliesWrongType;
                    break;
                case "updates":
                    if (isBool) updates = property.Value.GetBoolean();
                    else problems[UpdatesWrongType.Field] = UpdatesWrongType;
                    break;
                case "letter":
                    ReadLetter(property.Value, fields, problems);
                    break;
                case var name when Known.Contains(name):
                    if (property.Value.ValueKind == JsonValueKind.String) fields[name] = property.Value.GetString();
                    else if (property.Value.ValueKind != JsonValueKind.Null) Report(problems, name, WrongType, "must be a string");
                    break;
                default:
                    Report(problems, property.Name, UnknownField, "is not a field of a signature");
                    break;
            }
        }
        return Check(fields, consent, share ?? false, replies ?? false, updates ?? false, campaign, problems);
    }

    /// <summary>The HTML form posts the same names as the API, <c>letter.body</c> included.</summary>
    public static (SignatureRequest? Request, Dictionary<string, SignatureProblem> Problems) FromForm(IFormCollection form, CampaignDefinition campaign)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "name", "email", "country", "postcode", "locale", "comment" })
        {
            if (form.TryGetValue(name, out var value)) fields[name] = value.ToString();
        }
        if (form.TryGetValue("letter.body", out var letter)) fields["letter.body"] = letter.ToString();
        bool? consent = form.TryGetValue("consent", out var c) ? IsChecked(c.ToString()) : null;
        var problems = new Dictionary<string, SignatureProblem>(StringComparer.Ordinal);
        var share = Choice(form, ShareInvalid, problems);
        var replies = Choice(form, RepliesInvalid, problems);
        var updates = Choice(form, UpdatesInvalid, problems);
        return Check(fields, consent, share, replies, updates, campaign, problems);
    }

    private static bool IsChecked(string value) => value is "true" or "on" or "1" or "yes";

    /// <summary>
    /// A choice that discloses something is made only by ticking its box, which posts "true" (our form) or
    /// "on" (a browser's default); anything else is refused rather than read as either answer.
    /// </summary>
    private static bool Choice(IFormCollection form, SignatureProblem invalid, Dictionary<string, SignatureProblem> problems)
    {
        if (!form.TryGetValue(invalid.Field, out var value)) return false;
        if (value.Count == 1 && value.ToString() is "true" or "on") return true;
        problems[invalid.Field] = invalid;
        return false;
    }

    private static void ReadLetter(JsonElement letter, Dictionary<string, string?> fields, Dictionary<string, SignatureProblem> problems)
    {
        if (letter.ValueKind == JsonValueKind.Null) return;
        if (letter.ValueKind != JsonValueKind.Object)
        {
            Report(problems, "letter", WrongType, "must be an object like {\"body\": \"...\"}");
            return;
        }
        foreach (var property in letter.EnumerateObject())
        {
            if (property.Name != "body") Report(problems, $"letter.{property.Name}", UnknownField, "is not a field of a letter");
            else if (property.Value.ValueKind == JsonValueKind.String) fields["letter.body"] = property.Value.GetString();
            else if (property.Value.ValueKind != JsonValueKind.Null) Report(problems, "letter.body", WrongType, "must be a string");
        }
    }

    private static void Report(Dictionary<string, SignatureProblem> problems, string field, string code, string message) =>
        problems[field] = new(field, code, message);

    private static (SignatureRequest?, Dictionary<string, SignatureProblem>) Check(
        Dictionary<string, string?> fields, bool? consent, bool share, bool replies, bool updates, CampaignDefinition campaign, Dictionary<string, SignatureProblem> problems)
    {
        string? Field(string name) => fields.GetValueOrDefault(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;
        // TryAdd: a field already reported while reading the JSON (wrong type) keeps that first problem.
        void Fail(SignatureProblem problem) => problems.TryAdd(problem.Field, problem);

        // Line breaks and other control characters become spaces: a name is one line, and so can never
        // carry a header into an email.
        var name = Field("name") is { } rawName ? OneLine(rawName) : null;
        if (name is null) Fail(NameRequired);
        else if (name.Length > MaxName) Fail(NameTooLong);

        // "ana@example.org." names the same mailbox as "ana@example.org"; keep the plain form.
        var email = Field("email")?.TrimEnd('.');
        if (email is null) Fail(EmailRequired);
        else if (!IsEmail(email)) Fail(EmailInvalid);

        var country = Field("country")?.ToUpperInvariant();
        if (country is null) Fail(CountryRequired);
        else if (!CountryCodes.IsAssigned(country)) Fail(CountryInvalid);

        var postcode = Field("postcode") is { } p ? OneLine(p) : null;
        if (postcode is { Length: > MaxPostcode }) Fail(PostcodeTooLong);

        var locale = Field("locale");
        if (locale is { Length: > 35 }) Fail(LocaleInvalid);

        var comment = Field("comment");
        if (comment is { Length: > MaxComment }) Fail(CommentTooLong);

        var letter = Field("letter.body");
        if (letter is not null)
        {
            if (campaign.Letter is not { Editable: true }) Fail(LetterNotEditable);
            else if (letter.Length > MaxLetter) Fail(LetterTooLong);
        }

        if (consent is null) Fail(ConsentRequired);
        else if (consent == false) Fail(ConsentNotGiven);

        if (problems.Count > 0) return (null, problems);
        return (new SignatureRequest(name!, email!, country!, postcode, campaign.PickLanguage(locale), comment, letter, share, replies, updates), problems);
    }

    private static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC)) builder.Append(char.IsControl(c) ? ' ' : c);
        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    internal static bool IsEmail(string email)
    {
        if (email.Length > MaxEmail || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"')) return false;
        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1) return false;
        var domain = email[(at + 1)..].TrimEnd('.');
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.Contains("..")) return false;
        // MimeKit reads a punycode domain back in Unicode: ana@xn--bcher-kva.example is the address ana@bücher.example.
        return MailboxAddress.TryParse(email, out var parsed) && (parsed.Address == email || parsed.Address == email[..(at + 1)] + Unicode(email[(at + 1)..]));
    }

    private static string? Unicode(string domain)
    {
        try
        {
            return new System.Globalization.IdnMapping().GetUnicode(domain);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
