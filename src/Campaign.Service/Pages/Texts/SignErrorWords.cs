namespace Campaign.Service.Pages;

/// <summary>The sign form's validation messages; <c>{0}</c> is a length limit.</summary>
public sealed record SignErrorWords(
    string NameRequired, string NameTooLong, string EmailRequired, string EmailInvalid, string CountryRequired,
    string CountryInvalid, string PostcodeTooLong, string CommentTooLong, string LetterTooLong, string LetterNotEditable,
    string ConsentRequired, string ChoiceInvalid, string Invalid);
