using Campaign.Service.Api;
using static Campaign.Service.Api.SignatureProblem;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Pages;

/// <summary>
/// Words a <see cref="SignatureForm"/> problem in the page's language, by its field and code. The API keeps
/// its English messages; the page never reads them.
/// </summary>
public static class SignErrors
{
    public static string Localize(SignatureProblem problem, SignErrorWords words) => Words(problem, words) ?? words.Invalid;

    /// <summary>Null for a problem the page has no words for, which <see cref="Localize"/> shows as "check this field".</summary>
    internal static string? Words(SignatureProblem problem, SignErrorWords words) => (problem.Field, problem.Code) switch
    {
        ("name", Required) => words.NameRequired,
        ("name", TooLong) => Format(words.NameTooLong, SignatureForm.MaxName),
        ("email", Required) => words.EmailRequired,
        ("email", Invalid) => words.EmailInvalid,
        ("country", Required) => words.CountryRequired,
        ("country", Invalid) => words.CountryInvalid,
        ("postcode", TooLong) => Format(words.PostcodeTooLong, SignatureForm.MaxPostcode),
        ("comment", TooLong) => Format(words.CommentTooLong, SignatureForm.MaxComment),
        ("letter.body", TooLong) => Format(words.LetterTooLong, SignatureForm.MaxLetter),
        ("letter.body", NotEditable) => words.LetterNotEditable,
        ("consent", Required or NotAccepted) => words.ConsentRequired,
        ("share" or "replies" or "updates", WrongType or Invalid) => words.ChoiceInvalid,
        // The page fills the hidden locale with its own language: only a hand-made post gets it wrong.
        ("locale", Invalid) => words.Invalid,
        _ => null,
    };
}
