using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Core.Privacy;

/// <summary>
/// The keyed hash of a supporter's letter after normalisation, kept beside the sealed letter so that one text
/// sent by many signers is found without opening any of them. "Stop  the returns!" and "stop the returns" are
/// one text: normalisation is Unicode NFKC, lower case (invariant), and only letters, digits and the marks that
/// belong to letters kept (Lao and Korean vowel signs are marks: dropping them would make different words one).
/// </summary>
/// <remarks>
/// Keyed like <see cref="SourceKeys"/>: the secret is derived (HKDF) from the address lookup secret, which no
/// rotation replaces, so keys made by any process at any time compare, and a dump cannot test a guessed text.
/// </remarks>
public sealed class LetterKeys(KeyRing ring)
{
    private readonly byte[] secret = HKDF.DeriveKey(HashAlgorithmName.SHA256, ring.AddressSecret, 32,
        salt: [], info: Encoding.ASCII.GetBytes("campaign:letter-bodies:v1"));

    /// <summary>The key of a letter; null for no letter. A letter of punctuation alone normalises to nothing, and all such letters are one.</summary>
    public string? Of(string? letterBody) => letterBody is null
        ? null
        : Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(Normalised(letterBody))));

    public static string Normalised(string letterBody)
    {
        var text = letterBody.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var kept = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark
                    or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark)
                kept.Append(rune.ToString());
        }
        return kept.ToString();
    }
}
