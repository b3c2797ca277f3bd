using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Service.Abuse;
using Campaign.Service.Api;
using static Campaign.Service.Pages.HtmlPage;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Pages;

/// <summary>
/// The sign form, with the API's field names. After a failed POST it shows what the supporter typed and
/// each error next to its field. <c>novalidate</c>: the server's messages, in the page's language, are the
/// ones that count, and the form works the same without script or with an old browser. Script is needed only while
/// signing asks for a proof of work (<see cref="FormChallenge"/>).
/// </summary>
/// <param name="shareRef">The campaign's <c>?ref=</c> code the visitor came with, carried into the signature's count.</param>
/// <param name="embedded">Shown in a partner's frame (<see cref="EmbedPages"/>): it posts to the embed's own URL,
/// and carries no antiforgery token, whose SameSite cookie a browser withholds inside another site's page.</param>
public sealed class SignFormView(HttpContext http, CampaignDefinition campaign, string language, PageWords words,
    IFormCollection? typed, IReadOnlyDictionary<string, SignatureProblem>? errors, FormChallenge? challenge = null,
    string? shareRef = null, bool embedded = false)
{
    public string Render()
    {
        var summary = errors is { Count: > 0 } ? $"<p class=\"alert\" role=\"alert\">{E(words.FixErrors)}</p>" : "";
        var letter = campaign.Letter is { Editable: true }
            ? Field("letter.body", words.OwnLetter, a => $"<textarea {a} rows=\"8\" maxlength=\"5000\">{E(Value("letter.body"))}</textarea>")
            : "";
        return $"""
            <h2 id="sign">{E(words.SignHeading)}</h2>
            {summary}
            <form method="post" action="{(embedded ? $"/embed/c/{E(campaign.Slug)}?lang={E(language)}" : $"/c/{E(campaign.Slug)}")}" novalidate>
            {(embedded ? "" : PageSecurity.TokenField(http))}
            <input type="hidden" name="locale" value="{E(language)}">{(shareRef is null ? "" : $"\n<input type=\"hidden\" name=\"{SignatureForm.RefField}\" value=\"{E(shareRef)}\">")}
            {Field("name", words.Name, a => $"<input {a} type=\"text\" autocomplete=\"name\" value=\"{E(Value("name"))}\">")}
            {Field("email", words.Email, a => $"<input {a} type=\"email\" autocomplete=\"email\" value=\"{E(Value("email"))}\">")}
            {Field("country", words.Country, a => $"<select {a} autocomplete=\"country\">{CountryOptions()}</select>")}
            {Field("postcode", words.Postcode, a => $"<input {a} type=\"text\" autocomplete=\"postal-code\" value=\"{E(Value("postcode"))}\">")}
            {Field("comment", words.Comment, a => $"<textarea {a} rows=\"3\">{E(Value("comment"))}</textarea>")}
            {letter}
            {Check("consent", words.Consent)}
            {Choices()}
            {Honeypot()}
            {Challenge()}
            <p><button type="submit">{E(words.SignButton)}</button></p>
            </form>
            """;
    }

    /// <summary>
    /// Out of sight and out of the accessibility tree, not <c>type="hidden"</c>: robots skip hidden inputs but
    /// fill text fields. <c>tabindex="-1"</c> keeps a keyboard from landing in it.
    /// </summary>
    private string Honeypot() => $"""
        <div class="hp" aria-hidden="true"><label for="f-{SignatureForm.HoneypotField}">{E(words.Challenge.HoneypotLabel)}</label><input id="f-{SignatureForm.HoneypotField}" name="{SignatureForm.HoneypotField}" type="text" tabindex="-1" autocomplete="off" value=""></div>
        """;

    /// <summary>
    /// The proof of work, when asked for. Without script its status line says why signing needs script just now;
    /// the script replaces it with its progress, fills the hidden field and, after a refused post, signs again.
    /// </summary>
    private string Challenge()
    {
        if (challenge is null) return "";
        var c = words.Challenge;
        var error = challenge.Refused switch
        {
            null => null,
            WorkCheck.Missing => c.Required,
            _ => c.Stale,
        };
        // A forged or broken solution is not retried by itself: a loop of refusals would never end.
        var resubmit = challenge.Refused is WorkCheck.Missing or WorkCheck.Expired or WorkCheck.Used ? " data-resubmit" : "";
        var aria = error is null ? "" : " aria-describedby=\"f-challenge-error\"";
        return $"""
            <div class="field challenge" data-challenge="{E(JsonSerializer.Serialize(challenge.Challenge))}" data-working="{E(c.Working)}" data-done="{E(c.Done)}" data-failed="{E(c.Failed)}"{resubmit}{aria}>
            <input type="hidden" name="{SignatureForm.ChallengeField}" value="">
            <p class="notice" data-status role="status">{E(c.NeedsScript)}</p>{ErrorLine("f-challenge", error)}</div>
            <script src="{ChallengeScript.Path}" defer></script>
            """;
    }

    /// <summary>
    /// The two disclosure choices, each with the sentence that says what the targets will see either way:
    /// the supporter decides before signing, not after the letter has gone.
    /// </summary>
    private string Choices()
    {
        var targets = string.Join(", ", campaign.Targets.Select(t => t.Name));
        var share = campaign.Letter is { } letter
            ? Format(words.ShareLetterHint, targets, letter.AnonymousSignature.For(language, campaign.DefaultLanguage))
            : Format(words.SharePetitionHint, targets);
        var replies = campaign.Letter is { AllowReplies: true }
            ? Check("replies", words.Replies, Format(words.RepliesHint, targets))
            : $"<p class=\"muted\" id=\"f-replies-hint\">{E(Format(words.EmailNeverShown, targets))}</p>";
        return Check("share", words.Share, share) + "\n" + replies + "\n" + Check("updates", words.Updates, words.UpdatesHint);
    }

    private string Value(string name) => typed?[name].ToString() ?? "";

    private static string Id(string name) => "f-" + name.Replace('.', '-');

    private string? Error(string name) =>
        errors?.GetValueOrDefault(name) is { } problem ? SignErrors.Localize(problem, words.Errors) : null;

    /// <param name="input">Builds the control from its id, name and aria attributes.</param>
    private string Field(string name, string label, Func<string, string> input)
    {
        var id = Id(name);
        var error = Error(name);
        var attributes = $"id=\"{id}\" name=\"{E(name)}\"" + (error is null ? "" : $" aria-invalid=\"true\" aria-describedby=\"{id}-error\"");
        return $"""
            <div class="field"><label for="{id}">{E(label)}</label>
            {input(attributes)}{ErrorLine(id, error)}</div>
            """;
    }

    /// <param name="hint">What ticking the box means, said under it.</param>
    private string Check(string name, string label, string? hint = null)
    {
        var id = Id(name);
        var error = Error(name);
        var isChecked = Value(name) is "true" or "on" ? " checked" : "";
        var described = string.Join(' ', new[] { hint is null ? null : $"{id}-hint", error is null ? null : $"{id}-error" }.OfType<string>());
        var aria = (error is null ? "" : " aria-invalid=\"true\"") + (described.Length == 0 ? "" : $" aria-describedby=\"{described}\"");
        var hintLine = hint is null ? "" : $"<p class=\"muted\" id=\"{id}-hint\">{E(hint)}</p>";
        return $"""
            <div class="field check"><input id="{id}" name="{name}" type="checkbox" value="true"{isChecked}{aria}><label for="{id}">{E(label)}</label>{hintLine}{ErrorLine(id, error)}</div>
            """;
    }

    private static string ErrorLine(string id, string? error) => error is null ? "" : $"<p class=\"error\" id=\"{id}-error\">{E(error)}</p>";

    private string CountryOptions()
    {
        var selected = Value("country").Trim().ToUpperInvariant();
        var options = CountryChoices.For(language).Select(c =>
            $"<option value=\"{c.Code}\"{(c.Code == selected ? " selected" : "")}>{E(c.Name)}</option>");
        return $"<option value=\"\">{E(words.ChooseCountry)}</option>{string.Concat(options)}";
    }
}

/// <summary>The challenge a sign form carries, and how the last post's solution was refused (null on a fresh form).</summary>
public sealed record FormChallenge(WorkChallenge Challenge, WorkCheck? Refused = null);
