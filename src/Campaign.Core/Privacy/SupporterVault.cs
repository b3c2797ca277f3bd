using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Core.Privacy;

/// <summary>
/// Seals what a supporter gives us (name, address, postcode, comment, letter) before it reaches the database,
/// and opens it where mail is composed or an admin reads it. Lookups never need the address itself: its
/// lookup key is a keyed HMAC of the normalised address.
/// </summary>
/// <param name="canonical">The address rules lookup keys are made under (<c>Abuse:DotlessDomains</c>); unset, the defaults.</param>
public sealed class SupporterVault(KeyRing ring, CanonicalAddress? canonical = null) : IDisposable
{
    public const string Name = "name";
    public const string Email = "email";
    public const string Postcode = "postcode";
    public const string Comment = "comment";
    public const string LetterBody = "letter_body";
    public const string CapturedRaw = "captured.raw";
    public const string CapturedRecipients = "captured.recipients";
    public const string CapturedSubject = "captured.subject";
    public const string InboundRaw = "inbound.raw";
    public const string ReplySubject = "reply.subject";
    public const string ReplyText = "reply.text";
    public const string ReplyFileName = "reply.file_name";
    public const string ReplyAttachment = "reply.attachment";

    // Per thread and per vault: AesGcm and IncrementalHash objects are not safe to share between threads, and
    // two services in one process (the tests) have different keys under the same ids.
    private readonly ThreadLocal<ThreadKeys> perThread = new(() => new ThreadKeys(ring.AddressSecret));

    public KeyRing Ring => ring;

    /// <summary>The field key new values are sealed with; rows under any other are what a rotation still has to move.</summary>
    public int CurrentKey => ring.CurrentFieldKey;

    public byte[]? Seal(string? value, string field) => value is null ? null : Seal(Encoding.UTF8.GetBytes(value), field);

    public byte[] Seal(byte[] value, string field)
    {
        var id = ring.CurrentFieldKey;
        var mine = perThread.Value!;
        Span<byte> nonce = stackalloc byte[SealedBox.NonceSize];
        mine.NextNonce(nonce);
        return SealedBox.Seal(Cipher(mine, id), id, nonce, value, Encoding.ASCII.GetBytes(field));
    }

    public string? Open(byte[]? sealedValue, string field) => sealedValue is null ? null : Encoding.UTF8.GetString(OpenBytes(sealedValue, field));

    /// <exception cref="DataKeyException">The value is sealed under a key this process does not have.</exception>
    public byte[] OpenBytes(byte[] sealedValue, string field)
    {
        var id = SealedBox.KeyIdOf(sealedValue) ?? throw new DataKeyException($"a sealed {field} value is damaged (no key id)");
        return SealedBox.Open(Cipher(perThread.Value!, id), sealedValue, Encoding.ASCII.GetBytes(field));
    }

    /// <summary>The lookup key of an address: equal for every spelling of one mailbox ("Ana+x@Example.org", "ana@example.org"), and useless without the secret.</summary>
    public string AddressKey(string email)
    {
        var hmac = perThread.Value!.AddressHash;
        hmac.AppendData(Encoding.UTF8.GetBytes((canonical ?? CanonicalAddress.Default).For(email)));
        Span<byte> hash = stackalloc byte[32];
        hmac.GetHashAndReset(hash);
        return Base64Url.EncodeToString(hash);
    }

    public void Dispose() => perThread.Dispose();

    private AesGcm Cipher(ThreadKeys mine, int id)
    {
        if (mine.Ciphers.TryGetValue(id, out var cipher)) return cipher;
        var key = ring.FieldKey(id) ?? throw new DataKeyException(
            $"Privacy:DataKey: a supporter's details are sealed under field key {id}, which this process's data key does not open");
        cipher = new AesGcm(key, 16);
        mine.Ciphers[id] = cipher;
        return cipher;
    }

    /// <summary>
    /// One thread's ciphers and nonces. A nonce is 8 random bytes drawn for the thread and a 4-byte count
    /// (NIST SP 800-38D's deterministic construction): unique without asking the system for randomness on
    /// every value, which cost more than the encryption itself.
    /// </summary>
    private sealed class ThreadKeys(byte[] addressSecret)
    {
        private readonly byte[] prefix = RandomNumberGenerator.GetBytes(8);
        private uint count;

        public Dictionary<int, AesGcm> Ciphers { get; } = [];

        public IncrementalHash AddressHash { get; } = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, addressSecret);

        public void NextNonce(Span<byte> nonce)
        {
            if (++count == 0) RandomNumberGenerator.Fill(prefix); // after 2^32 values, a fresh random field
            prefix.CopyTo(nonce);
            BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], count);
        }
    }
}
