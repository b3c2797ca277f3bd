using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Campaign.Core.Privacy;

/// <summary>
/// AES-256-GCM with the key's id in front: <c>version (1) | key id (4) | nonce (12) | ciphertext | tag (16)</c>.
/// The id lets a reader pick the key and lets rotation find what it has not moved yet; the associated data
/// (a field's name) keeps a value sealed for one column from being opened as another.
/// </summary>
public static class SealedBox
{
    private const byte Version = 1;
    private const int HeaderLength = 1 + 4;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    public const int Overhead = HeaderLength + NonceLength + TagLength;

    public const int NonceSize = NonceLength;

    /// <param name="nonce">Never used twice under one key: GCM's secrecy and integrity both rest on it.</param>
    public static byte[] Seal(AesGcm aes, int keyId, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associated)
    {
        var sealedBytes = new byte[Overhead + plain.Length];
        var span = sealedBytes.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], keyId);
        nonce.CopyTo(span.Slice(HeaderLength, NonceLength));
        aes.Encrypt(nonce, plain, span.Slice(HeaderLength + NonceLength, plain.Length), span[^TagLength..], associated);
        return sealedBytes;
    }

    /// <summary>With a random nonce, for values sealed rarely (keys).</summary>
    public static byte[] Seal(AesGcm aes, int keyId, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associated) =>
        Seal(aes, keyId, RandomNumberGenerator.GetBytes(NonceLength), plain, associated);

    /// <summary>The id of the key a value was sealed with, or null when it is not a sealed value.</summary>
    public static int? KeyIdOf(ReadOnlySpan<byte> sealedBytes) =>
        sealedBytes.Length >= Overhead && sealedBytes[0] == Version ? BinaryPrimitives.ReadInt32BigEndian(sealedBytes[1..]) : null;

    /// <exception cref="AuthenticationTagMismatchException">The value was changed, or sealed under another key or field.</exception>
    public static byte[] Open(AesGcm aes, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associated)
    {
        var plain = new byte[sealedBytes.Length - Overhead];
        aes.Decrypt(sealedBytes.Slice(HeaderLength, NonceLength), sealedBytes[(HeaderLength + NonceLength)..^TagLength],
            sealedBytes[^TagLength..], plain, associated);
        return plain;
    }
}
