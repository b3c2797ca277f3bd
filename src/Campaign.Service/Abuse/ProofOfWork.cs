using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Campaign.Core.Privacy;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Abuse;

/// <summary>A challenge as the page and the API hand it out, in the ALTCHA format.</summary>
/// <param name="Challenge">Hex SHA-256 of <see cref="Salt"/> followed by the secret number, in decimal.</param>
/// <param name="Signature">Hex HMAC-SHA256 of <see cref="Challenge"/> under our key: the proof that we issued it.</param>
public sealed record WorkChallenge(
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("challenge")] string Challenge,
    [property: JsonPropertyName("maxnumber")] int MaxNumber,
    [property: JsonPropertyName("salt")] string Salt,
    [property: JsonPropertyName("signature")] string Signature);

public enum WorkCheck { Valid, Missing, Invalid, Expired, Used }

/// <summary>
/// A proof-of-work challenge without a third party: we issue it, the supporter's browser finds the number, we check
/// it. The format is ALTCHA's (a challenge, its salt with an <c>expires</c> parameter, a signature; the solution is
/// the base64 of the JSON with the number added), so its widget would work too; our page carries a small script of
/// its own instead of a vendored one.
/// </summary>
/// <remarks>
/// Stateless to issue: the signature proves a challenge is ours, the salt carries its expiry. Each solution is
/// good once: solutions used are remembered until they expire, in memory, so several web processes each accept
/// one solution once. The key comes from the key ring's address secret, which every process of the service
/// shares, so a challenge issued by one web process is checked by another.
/// </remarks>
public sealed class ProofOfWork(KeyRing ring, IOptions<ChallengeOptions> options, TimeProvider time)
{
    public const string Algorithm = "SHA-256";

    private readonly byte[] key = HKDF.DeriveKey(HashAlgorithmName.SHA256, ring.AddressSecret, 32,
        salt: [], info: Encoding.ASCII.GetBytes("campaign:challenges:v1"));

    private readonly ConcurrentDictionary<string, DateTimeOffset> used = new(StringComparer.Ordinal);

    public WorkChallenge Issue()
    {
        var settings = options.Value;
        var expires = time.GetUtcNow().Add(settings.Lifetime).ToUnixTimeSeconds();
        var salt = $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}?expires={expires.ToString(CultureInfo.InvariantCulture)}";
        var number = RandomNumberGenerator.GetInt32(0, settings.MaxNumber + 1);
        var challenge = Hash(salt, number);
        return new WorkChallenge(Algorithm, challenge, settings.MaxNumber, salt, Sign(challenge));
    }

    /// <summary>Checks a solution and, when it is good, uses it up.</summary>
    /// <param name="payload">The base64 JSON the browser sends; null or blank when none was sent.</param>
    public WorkCheck Check(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload)) return WorkCheck.Missing;
        if (Read(payload) is not { } solution) return WorkCheck.Invalid;
        if (solution.Algorithm != Algorithm || solution.Number is not (>= 0 and <= 100_000_000)) return WorkCheck.Invalid;
        // The signature first: nothing in a challenge we did not issue is worth looking at.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(solution.Challenge)), Encoding.ASCII.GetBytes(solution.Signature)))
            return WorkCheck.Invalid;
        if (Hash(solution.Salt, solution.Number) != solution.Challenge) return WorkCheck.Invalid;
        if (ExpiresAt(solution.Salt) is not { } expires) return WorkCheck.Invalid;
        var now = time.GetUtcNow();
        if (now >= expires) return WorkCheck.Expired;
        Forget(now);
        return used.TryAdd(solution.Signature, expires) ? WorkCheck.Valid : WorkCheck.Used;
    }

    /// <summary>The solution a browser sends, for tests and API clients written in C#.</summary>
    public static string Solve(WorkChallenge challenge)
    {
        for (var number = 0; number <= challenge.MaxNumber; number++)
        {
            if (Hash(challenge.Salt, number) == challenge.Challenge)
                return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Solution(challenge.Algorithm, challenge.Challenge, number, challenge.Salt, challenge.Signature)));
        }
        throw new ArgumentException("The challenge has no solution up to its maxnumber.", nameof(challenge));
    }

    private static string Hash(string salt, int number) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + number.ToString(CultureInfo.InvariantCulture))));

    private string Sign(string challenge) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(challenge)));

    private static Solution? Read(string payload)
    {
        try
        {
            var solution = JsonSerializer.Deserialize<Solution>(Convert.FromBase64String(payload.Trim()));
            return solution is { Algorithm: not null, Challenge: not null, Salt: not null, Signature: not null } ? solution : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? ExpiresAt(string salt)
    {
        var query = salt.IndexOf('?', StringComparison.Ordinal);
        if (query < 0) return null;
        foreach (var parameter in salt[(query + 1)..].Split('&'))
        {
            if (parameter.StartsWith("expires=", StringComparison.Ordinal)
                && long.TryParse(parameter["expires=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds < 253402300799)
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        return null;
    }

    // Solutions past their expiry would be refused as expired anyway: no need to remember them.
    private void Forget(DateTimeOffset now)
    {
        if (used.Count < 1024) return;
        foreach (var (signature, expires) in used)
        {
            if (expires <= now) used.TryRemove(signature, out _);
        }
    }

    private sealed record Solution(
        [property: JsonPropertyName("algorithm")] string Algorithm,
        [property: JsonPropertyName("challenge")] string Challenge,
        [property: JsonPropertyName("number")] int Number,
        [property: JsonPropertyName("salt")] string Salt,
        [property: JsonPropertyName("signature")] string Signature);
}
