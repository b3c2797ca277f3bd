using Campaign.Service.Api;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Pages;

/// <summary>
/// Turns <see cref="SignatureForm"/>'s messages (English, written for API clients) into the page's language.
/// The API keeps its wording; the page only needs to know which field failed and roughly how.
/// </summary>
public static class SignErrors
{
    public static string Localize(string field, string message, SignErrorWords words)
    {
        var required = message.StartsWith("is required", StringComparison.Ordinal);
        var tooLong = message.StartsWith("must be at most", StringComparison.Ordinal);
        return field switch
        {
            "name" when required => words.NameRequired,
            "name" when tooLong => Format(words.NameTooLong, SignatureForm.MaxName),
            "email" when required => words.EmailRequired,
            "email" => words.EmailInvalid,
            "country" when required => words.CountryRequired,
            "country" => words.CountryInvalid,
            "postcode" when tooLong => Format(words.PostcodeTooLong, SignatureForm.MaxPostcode),
            "comment" when tooLong => Format(words.CommentTooLong, SignatureForm.MaxComment),
            "letter.body" when tooLong => Format(words.LetterTooLong, SignatureForm.MaxLetter),
            "letter.body" => words.LetterNotEditable,
            "consent" => words.ConsentRequired,
            _ => words.Invalid,
        };
    }
}
