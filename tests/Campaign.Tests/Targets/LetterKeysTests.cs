using Campaign.Core.Privacy;

namespace Campaign.Tests.Targets;

/// <summary>What makes two letters one text: the normalisation behind <c>signatures.letter_key</c>.</summary>
public sealed class LetterKeysTests
{
    [Theory]
    [InlineData("Stop  the returns!", "stop the returns")]
    [InlineData("STOP THE RETURNS", "stop-the-returns...")]
    [InlineData("Ｓｔｏｐ ｔｈｅ ｒｅｔｕｒｎｓ", "stop the returns")]
    [InlineData("강제 송환을 멈추십시오!", "강제송환을 멈추십시오")]
    public void Normalised_SameWordsDifferentlyTyped_AreOne(string one, string other) =>
        Assert.Equal(LetterKeys.Normalised(one), LetterKeys.Normalised(other));

    [Theory]
    [InlineData("Stop the returns", "Stop the return")]
    [InlineData("ຢຸດການສົ່ງກັບ", "ຢດການສົ່ງກັບ")] // a Lao vowel sign is a mark, and part of the word
    [InlineData("Release 9 refugees", "Release 8 refugees")]
    public void Normalised_DifferentWords_StayApart(string one, string other) =>
        Assert.NotEqual(LetterKeys.Normalised(one), LetterKeys.Normalised(other));
}
