namespace Campaign.Service.Api;

/// <summary>
/// What is wrong with one field of a signature. <see cref="Code"/> is stable, so the sign page can word the
/// problem in the supporter's language; <see cref="Message"/> is the English the API answers with.
/// </summary>
public sealed record SignatureProblem(string Field, string Code, string Message)
{
    public const string Required = "required";
    public const string TooLong = "too_long";
    public const string Invalid = "invalid";
    public const string NotEditable = "not_editable";
    public const string NotAccepted = "not_accepted";
    public const string WrongType = "wrong_type";
    public const string UnknownField = "unknown_field";
}
