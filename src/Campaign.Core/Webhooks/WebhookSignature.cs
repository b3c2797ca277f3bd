using System.Security.Cryptography;
using System.Text;

namespace Campaign.Core.Webhooks;

/// <summary>
/// Signatures as Standard Webhooks specify: HMAC-SHA256, keyed with the secret's bytes (the base64 after
/// <c>whsec_</c>), over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, sent as <c>v1,{base64}</c>.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    /// <summary>The key a secret stands for; null for anything that is not <c>whsec_</c> and 24 to 64 bytes of base64.</summary>
    public static byte[]? KeyOf(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var encoded = secret[Prefix.Length..];
        var key = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, key, out var length) || length is < 24 or > 64) return null;
        return key[..length];
    }

    /// <summary>The <c>webhook-signature</c> header's value.</summary>
    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
