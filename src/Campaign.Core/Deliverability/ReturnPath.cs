using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Campaign.Core.Deliverability;

/// <summary>
/// The envelope sender of each message (VERP): <c>bounces+&lt;opaque&gt;@&lt;Mail:BounceDomain&gt;</c>, so a bounce
/// names the message it is about without anyone guessing from its text. The opaque part is the message's
/// row id and eight zero bytes, encrypted as one AES block: it reveals nothing (no address, no sequence), and
/// a forged one opens to something other than eight zeros, so it is refused. Base32 in lower case, because
/// mail servers may change the case of a local part.
/// </summary>
public sealed class ReturnPath : IDisposable
{
    public const string LocalPrefix = "bounces";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int OpaqueLength = 26; // 128 bits in base32, unpadded

    // An Aes object is not safe for use by two lanes at once; one per thread costs one key schedule each.
    private readonly ThreadLocal<Aes> ciphers;

    /// <param name="secret">A secret of the key ring (the token secret); the block key is derived from it, so the two never mix.</param>
    public ReturnPath(byte[] secret, string domain)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "campaign return path"u8.ToArray());
        ciphers = new ThreadLocal<Aes>(() =>
        {
            var aes = Aes.Create();
            aes.Key = key;
            return aes;
        });
        Domain = domain.ToLowerInvariant();
    }

    public string Domain { get; }

    /// <summary>The envelope sender for the message with this row id.</summary>
    public string For(long messageId)
    {
        Span<byte> block = stackalloc byte[16];
        block.Clear();
        BinaryPrimitives.WriteInt64BigEndian(block, messageId);
        Span<byte> encrypted = stackalloc byte[16];
        ciphers.Value!.EncryptEcb(block, encrypted, PaddingMode.None);
        return $"{LocalPrefix}+{Base32(encrypted)}@{Domain}";
    }

    /// <summary>The message a bounce address stands for; false for any address we did not make.</summary>
    public bool TryRead(string address, out long messageId)
    {
        messageId = 0;
        var at = address.LastIndexOf('@');
        if (at < 0 || !string.Equals(address[(at + 1)..], Domain, StringComparison.OrdinalIgnoreCase)) return false;
        var local = address[..at];
        if (!local.StartsWith(LocalPrefix + "+", StringComparison.OrdinalIgnoreCase)) return false;
        var opaque = local[(LocalPrefix.Length + 1)..];
        Span<byte> encrypted = stackalloc byte[16];
        if (opaque.Length != OpaqueLength || !TryFromBase32(opaque, encrypted)) return false;
        Span<byte> block = stackalloc byte[16];
        ciphers.Value!.DecryptEcb(encrypted, block, PaddingMode.None);
        if (block[8..].ContainsAnyExcept((byte)0)) return false;
        messageId = BinaryPrimitives.ReadInt64BigEndian(block);
        return messageId > 0;
    }

    /// <summary>Whether the address is one of ours at all: a bounce address, valid or not, in our bounce domain.</summary>
    public bool IsBounceDomain(string address) =>
        address.EndsWith("@" + Domain, StringComparison.OrdinalIgnoreCase);

    public void Dispose() => ciphers.Dispose();

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        Span<char> text = stackalloc char[OpaqueLength];
        int buffer = 0, bits = 0, n = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0x1FFF; // never more than 12 bits are waiting
            bits += 8;
            while (bits >= 5)
            {
                text[n++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0) text[n++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(text[..n]);
    }

    private static bool TryFromBase32(string text, Span<byte> bytes)
    {
        int buffer = 0, bits = 0, n = 0;
        foreach (var c in text)
        {
            var value = Alphabet.IndexOf(char.ToLowerInvariant(c));
            if (value < 0) return false;
            buffer = ((buffer << 5) | value) & 0xFFF; // never more than 11 bits are waiting
            bits += 5;
            if (bits >= 8)
            {
                if (n == bytes.Length) return false;
                bytes[n++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        // 26 characters carry 130 bits: the last two must be zero, or the text was not made by Base32 above.
        return n == bytes.Length && (buffer & ((1 << bits) - 1)) == 0;
    }
}
