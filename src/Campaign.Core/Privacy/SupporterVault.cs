using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Core.Privacy;

/// <summary>
/// Seals what a supporter gives us (name, address, postcode, comment, letter) before it reaches the database,
/// and opens it where mail is composed or an admin reads it. Lookups never need the address itself: its
/// lookup key is a keyed HMAC of the normalised address.
/// </summary>
public sealed class SupporterVault(KeyRing ring) : IDisposable
{
    public const string Name = "name";
    public const string Email = "email";
    public const string Postcode = "postcode";
    public const string Comment = "comment";
    public const string LetterBody = "letter_body";
    public const string CapturedRaw = "captured.raw";
    public const string CapturedRecipients = "captured.recipients";
    public const string CapturedSubject = "captured.subject";

    // AesGcm objects are not documented as safe to share between threads; one per thread and key is cheap.
    // Per vault, not static: two services in one process (the tests) have different keys under the same ids.
    private readonly ThreadLocal<Dictionary<int, AesGcm>> ciphers = new(() => []);

    public KeyRing Ring => ring;

    /// <summary>The field key new values are sealed with; rows under any other are what a rotation still has to move.</summary>
    public int CurrentKey => ring.CurrentFieldKey;

    public byte[]? Seal(string? value, string field) => value is null ? null : Seal(Encoding.UTF8.GetBytes(value), field);

    public byte[] Seal(byte[] value, string field)
    {
        var id = ring.CurrentFieldKey;
        return SealedBox.Seal(Cipher(id), id, value, Encoding.ASCII.GetBytes(field));
    }

    public string? Open(byte[]? sealedValue, string field) => sealedValue is null ? null : Encoding.UTF8.GetString(OpenBytes(sealedValue, field));

    /// <exception cref="DataKeyException">The value is sealed under a key this process does not have.</exception>
    public byte[] OpenBytes(byte[] sealedValue, string field)
    {
        var id = SealedBox.KeyIdOf(sealedValue) ?? throw new DataKeyException($"a sealed {field} value is damaged (no key id)");
        return SealedBox.Open(Cipher(id), sealedValue, Encoding.ASCII.GetBytes(field));
    }

    /// <summary>The lookup key of an address: equal for "Ana@Example.org" and "ana@example.org", and useless without the secret.</summary>
    public string AddressKey(string email) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(ring.AddressSecret, Encoding.UTF8.GetBytes(EmailKey.For(email))));

    private AesGcm Cipher(int id)
    {
        var mine = ciphers.Value!;
        if (mine.TryGetValue(id, out var cipher)) return cipher;
        var key = ring.FieldKey(id) ?? throw new DataKeyException(
            $"Privacy:DataKey: a supporter's details are sealed under field key {id}, which this process's data key does not open");
        cipher = new AesGcm(key, 16);
        mine[id] = cipher;
        return cipher;
    }

    public void Dispose() => ciphers.Dispose();
}
