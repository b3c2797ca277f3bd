using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// Confirmation and unsubscribe tokens: the signature id and an expiry, signed with HMAC-SHA256 under a secret
/// kept in the database. Nothing per token is stored, every process checks every token, and without the
/// secret a token cannot be guessed or forged.
/// </summary>
public sealed class SupporterTokens
{
    private const int PayloadLength = 1 + 8 + 8;
    private const int MacLength = 16;
    private readonly byte[] secret;
    private readonly TimeProvider time;

    public SupporterTokens(byte[] secret, TimeProvider time)
    {
        if (secret.Length < 32) throw new ArgumentException("The token secret must be at least 32 bytes.", nameof(secret));
        this.secret = secret;
        this.time = time;
    }

    /// <summary>How long a supporter has to confirm.</summary>
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(14);

    public string Issue(TokenPurpose purpose, long signatureId)
    {
        var expires = purpose == TokenPurpose.Confirm ? time.GetUtcNow() + ConfirmationLifetime : DateTimeOffset.MaxValue;
        Span<byte> token = stackalloc byte[PayloadLength + MacLength];
        token[0] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(token[1..], signatureId);
        BinaryPrimitives.WriteInt64BigEndian(token[9..], expires.ToUnixTimeSeconds());
        HMACSHA256.HashData(secret, token[..PayloadLength])[..MacLength].CopyTo(token[PayloadLength..]);
        return Base64Url.EncodeToString(token);
    }

    public TokenCheck Check(string? token, TokenPurpose purpose, out long signatureId)
    {
        signatureId = 0;
        if (string.IsNullOrEmpty(token) || token.Length > 64) return TokenCheck.Malformed;
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(token); }
        catch (FormatException) { return TokenCheck.Malformed; }
        if (bytes.Length != PayloadLength + MacLength || bytes[0] != (byte)purpose) return TokenCheck.Malformed;
        var expected = HMACSHA256.HashData(secret, bytes.AsSpan(0, PayloadLength))[..MacLength];
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadLength))) return TokenCheck.Malformed;
        signatureId = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        var expires = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(9));
        return time.GetUtcNow().ToUnixTimeSeconds() > expires ? TokenCheck.Expired : TokenCheck.Valid;
    }

    /// <summary>Reads the shared secret, creating it on the first run; concurrent first runs agree on one.</summary>
    public static async Task<byte[]> LoadSecretAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "insert into app_secrets (name, value) values ('supporter-tokens', @value) on conflict (name) do nothing",
            new { value = RandomNumberGenerator.GetBytes(32) });
        return await connection.ExecuteScalarAsync<byte[]>("select value from app_secrets where name = 'supporter-tokens'")
            ?? throw new InvalidOperationException("The token secret could not be read.");
    }
}
