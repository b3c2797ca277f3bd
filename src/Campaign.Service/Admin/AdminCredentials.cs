using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Service.Admin;

/// <summary>
/// What proves an admin: the key itself, or the session cookie that <c>/admin/login</c> issues. The cookie is
/// signed with the key, so every process that knows the key accepts it, and changing the key ends every session.
/// <see cref="AdminAuthenticationHandler"/> decides with these who is an admin.
/// </summary>
/// <param name="httpsSite">The public URL is https: the cookie is <c>Secure</c> even when a request reaches us in
/// plain http from a TLS-terminating proxy we were not told about.</param>
public sealed class AdminCredentials(string apiKey, TimeProvider time, bool httpsSite = false)
{
    public const string CookieName = "campaign_admin";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    private readonly byte[] key = Encoding.UTF8.GetBytes(apiKey);

    public bool KeyMatches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), SHA256.HashData(key));

    public void StartSession(HttpContext http)
    {
        var expires = time.GetUtcNow() + SessionLifetime;
        Span<byte> payload = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(payload, expires.ToUnixTimeSeconds());
        var value = $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Mac(payload))}";
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = httpsSite || http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = expires,
            Path = "/",
        });
    }

    public static void EndSession(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    public bool SessionValid(string cookie)
    {
        var parts = cookie.Split('.');
        if (parts.Length != 2) return false;
        try
        {
            var payload = Base64Url.DecodeFromChars(parts[0]);
            var mac = Base64Url.DecodeFromChars(parts[1]);
            if (payload.Length != 8 || !CryptographicOperations.FixedTimeEquals(mac, Mac(payload))) return false;
            return BinaryPrimitives.ReadInt64BigEndian(payload) > time.GetUtcNow().ToUnixTimeSeconds();
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private byte[] Mac(ReadOnlySpan<byte> payload) => HMACSHA256.HashData(key.AsSpan(), [.. "admin-session:"u8, .. payload]);
}
