using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Service.Admin;

/// <summary>
/// What proves an admin: the key itself, or the session cookie that <c>/admin/login</c> issues. The cookie is
/// signed with the key and names a session row (<see cref="AdminSessions"/>), so every process that knows the key
/// accepts it while the row is there; changing the key ends every session.
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

    /// <summary>Sets the cookie of a session whose row <see cref="AdminSessions"/> holds: its expiry and id, signed.</summary>
    public DateTimeOffset StartSession(HttpContext http, Guid session)
    {
        var expires = time.GetUtcNow() + SessionLifetime;
        var payload = new byte[8 + 16];
        BinaryPrimitives.WriteInt64BigEndian(payload, expires.ToUnixTimeSeconds());
        session.TryWriteBytes(payload.AsSpan(8));
        var value = $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Mac(payload))}";
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = httpsSite || http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = expires,
            Path = "/",
        });
        return expires;
    }

    public static void EndSession(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    /// <summary>The session a cookie names, when it is signed with this key and has not expired; whether it is still open is <see cref="AdminSessions"/>'.</summary>
    public Guid? SessionOf(string cookie)
    {
        var parts = cookie.Split('.');
        if (parts.Length != 2) return null;
        try
        {
            var payload = Base64Url.DecodeFromChars(parts[0]);
            var mac = Base64Url.DecodeFromChars(parts[1]);
            if (payload.Length != 24 || !CryptographicOperations.FixedTimeEquals(mac, Mac(payload))) return null;
            if (BinaryPrimitives.ReadInt64BigEndian(payload) <= time.GetUtcNow().ToUnixTimeSeconds()) return null;
            return new Guid(payload.AsSpan(8));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private byte[] Mac(ReadOnlySpan<byte> payload) => HMACSHA256.HashData(key.AsSpan(), [.. "admin-session:"u8, .. payload]);
}
