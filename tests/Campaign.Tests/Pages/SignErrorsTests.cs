using System.Reflection;
using Campaign.Service.Api;
using Campaign.Service.Pages;

namespace Campaign.Tests.Pages;

/// <summary>The sign page words every problem the sign form can find, in each of its languages.</summary>
public sealed class SignErrorsTests
{
    /// <summary>Every problem <see cref="SignatureForm"/>'s checks can report, read from the fields they use.</summary>
    public static TheoryData<string, string> CheckProblems()
    {
        var data = new TheoryData<string, string>();
        foreach (var problem in typeof(SignatureForm).GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                     .Where(f => f.FieldType == typeof(SignatureProblem))
                     .Select(f => (SignatureProblem)f.GetValue(null)!))
            data.Add(problem.Field, problem.Code);
        return data;
    }

    [Fact]
    public void CheckProblems_CoverEveryFieldTheSignFormValidates()
    {
        var fields = CheckProblems().Select(row => (string)row[0]).ToHashSet();

        Assert.Equal(["comment", "consent", "country", "email", "letter.body", "locale", "name", "postcode", "replies", "share", "updates"], fields.Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(CheckProblems))]
    public void Words_EveryCheckProblem_HasTextInAllFourPageLanguages(string field, string code)
    {
        var problem = new SignatureProblem(field, code, "English for the API");
        var english = SignErrors.Words(problem, SupporterPageTexts.For("en").Errors);

        Assert.Equal(["en", "ko", "zh", "lo"], SupporterPageTexts.Languages.ToArray());
        foreach (var language in SupporterPageTexts.Languages)
        {
            var words = SignErrors.Words(problem, SupporterPageTexts.For(language).Errors);
            Assert.False(string.IsNullOrWhiteSpace(words), $"{field}/{code} has no words in '{language}'");
            if (language != "en") Assert.NotEqual(english, words);
        }
    }

    [Fact]
    public void Localize_TooLong_NamesTheLimitInThePageLanguage()
    {
        var korean = SignErrors.Localize(SignatureForm.NameTooLong, SupporterPageTexts.For("ko").Errors);

        Assert.Contains(SignatureForm.MaxName.ToString(System.Globalization.CultureInfo.InvariantCulture), korean, StringComparison.Ordinal);
        Assert.NotEqual(SignErrors.Localize(SignatureForm.NameTooLong, SupporterPageTexts.For("en").Errors), korean);
    }

    [Fact]
    public void Localize_ProblemThePageHasNoWordsFor_AsksToCheckTheField()
    {
        var unknown = new SignatureProblem("name", SignatureProblem.UnknownField, "is not a field of a signature");

        Assert.Equal(SupporterPageTexts.For("lo").Errors.Invalid, SignErrors.Localize(unknown, SupporterPageTexts.For("lo").Errors));
    }
}
