using System.Text.Json;
using System.Text;
using Campaign.Core.Campaigns;
using Campaign.Core.Signatures;
using MimeKit;

namespace Campaign.Service.Api;

/// <summary>
/// Reads a signature from the API's JSON (or the sign form's fields) and checks every field, collecting
/// one message per field so the supporter sees everything to fix at once.
/// </summary>
public static class SignatureForm
{
    public const int MaxName = 100;
    public const int MaxEmail = 254;
    public const int MaxPostcode = 16;
    public const int MaxComment = 1_000;
    public const int MaxLetter = 5_000;

    private static readonly HashSet<string> Known = ["name", "email", "country", "postcode", "locale", "comment", "letter", "consent", "share"];

    public static (SignatureRequest? Request, Dictionary<string, string[]> Errors) FromJson(JsonElement root, CampaignDefinition campaign)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object"];
            return (null, errors);
        }
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        bool? consent = null, share = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "consent" or "share":
                    if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        if (property.Name == "consent") consent = property.Value.GetBoolean(); else share = property.Value.GetBoolean();
                    }
                    else errors[property.Name] = ["must be true or false"];
                    break;
                case "letter":
                    ReadLetter(property.Value, fields, errors);
                    break;
                case var name when Known.Contains(name):
                    if (property.Value.ValueKind == JsonValueKind.String) fields[name] = property.Value.GetString();
                    else if (property.Value.ValueKind != JsonValueKind.Null) errors[name] = ["must be a string"];
                    break;
                default:
                    errors[property.Name] = ["is not a field of a signature"];
                    break;
            }
        }
        return Check(fields, consent, share ?? false, campaign, errors);
    }

    /// <summary>The HTML form posts the same names as the API, <c>letter.body</c> included.</summary>
    public static (SignatureRequest? Request, Dictionary<string, string[]> Errors) FromForm(IFormCollection form, CampaignDefinition campaign)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "name", "email", "country", "postcode", "locale", "comment" })
        {
            if (form.TryGetValue(name, out var value)) fields[name] = value.ToString();
        }
        if (form.TryGetValue("letter.body", out var letter)) fields["letter.body"] = letter.ToString();
        bool? consent = form.TryGetValue("consent", out var c) ? IsChecked(c.ToString()) : null;
        var share = form.TryGetValue("share", out var s) && IsChecked(s.ToString());
        return Check(fields, consent, share, campaign, new Dictionary<string, string[]>(StringComparer.Ordinal));
    }

    private static bool IsChecked(string value) => value is "true" or "on" or "1" or "yes";

    private static void ReadLetter(JsonElement letter, Dictionary<string, string?> fields, Dictionary<string, string[]> errors)
    {
        if (letter.ValueKind == JsonValueKind.Null) return;
        if (letter.ValueKind != JsonValueKind.Object)
        {
            errors["letter"] = ["must be an object like {\"body\": \"...\"}"];
            return;
        }
        foreach (var property in letter.EnumerateObject())
        {
            if (property.Name != "body") errors[$"letter.{property.Name}"] = ["is not a field of a letter"];
            else if (property.Value.ValueKind == JsonValueKind.String) fields["letter.body"] = property.Value.GetString();
            else if (property.Value.ValueKind != JsonValueKind.Null) errors["letter.body"] = ["must be a string"];
        }
    }

    private static (SignatureRequest?, Dictionary<string, string[]>) Check(
        Dictionary<string, string?> fields, bool? consent, bool share, CampaignDefinition campaign, Dictionary<string, string[]> errors)
    {
        string? Field(string name) => fields.GetValueOrDefault(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;
        // TryAdd: a field already reported while reading the JSON (wrong type) keeps that first message.
        void Fail(string name, string message) => errors.TryAdd(name, [message]);

        // Line breaks and other control characters become spaces: a name is one line, and so can never
        // carry a header into an email.
        var name = Field("name") is { } rawName ? OneLine(rawName) : null;
        if (name is null) Fail("name", "is required");
        else if (name.Length > MaxName) Fail("name", $"must be at most {MaxName} characters");

        // "ana@example.org." names the same mailbox as "ana@example.org"; keep the plain form.
        var email = Field("email")?.TrimEnd('.');
        if (email is null) Fail("email", "is required");
        else if (!IsEmail(email)) Fail("email", "is not a valid email address");

        var country = Field("country")?.ToUpperInvariant();
        if (country is null) Fail("country", "is required");
        else if (!CountryCodes.IsAssigned(country)) Fail("country", "is not an ISO 3166-1 alpha-2 country code");

        var postcode = Field("postcode") is { } p ? OneLine(p) : null;
        if (postcode is { Length: > MaxPostcode }) Fail("postcode", $"must be at most {MaxPostcode} characters");

        var locale = Field("locale");
        if (locale is { Length: > 35 }) Fail("locale", "is not a language tag");

        var comment = Field("comment");
        if (comment is { Length: > MaxComment }) Fail("comment", $"must be at most {MaxComment} characters");

        var letter = Field("letter.body");
        if (letter is not null)
        {
            if (campaign.Letter is not { Editable: true }) Fail("letter.body", "this campaign's letter cannot be edited");
            else if (letter.Length > MaxLetter) Fail("letter.body", $"must be at most {MaxLetter} characters");
        }

        if (consent is null) Fail("consent", "is required: agree to the campaign's terms to sign");
        else if (consent == false) Fail("consent", "must be true: agree to the campaign's terms to sign");

        if (errors.Count > 0) return (null, errors);
        return (new SignatureRequest(name!, email!, country!, postcode, campaign.PickLanguage(locale), comment, letter, share), errors);
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
        return MailboxAddress.TryParse(email, out var parsed) && parsed.Address == email;
    }
}
