using System.Security.Cryptography;
using Campaign.Core.Deliverability;

namespace Campaign.Service.Cli;

/// <summary>
/// Reads a published DKIM key record (RFC 6376 §3.6.1, its strings already joined) the way a receiver does and
/// says what keeps it from verifying the service's mail. Receivers ignore a record they cannot parse and treat a
/// signature as failed, so anything short of "this is our key, for rsa-sha256, for email" is a problem.
/// </summary>
public static class DkimRecordCheck
{
    /// <returns>Nothing when receivers verify our signatures with this record; otherwise what differs, one item each.</returns>
    public static IReadOnlyList<string> Problems(string published, MailSigner signer)
    {
        var problems = new List<string>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = true;
        foreach (var part in published.Split(';'))
        {
            if (string.IsNullOrWhiteSpace(part)) continue;
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                problems.Add($"'{part.Trim()}' is not a tag=value pair: receivers ignore the whole record");
                return problems;
            }
            var name = part[..equals].Trim();
            if (!tags.TryAdd(name, part[(equals + 1)..].Trim()))
            {
                problems.Add($"{name}= appears twice: receivers ignore the whole record");
                return problems;
            }
            if (name == "v" && !first) problems.Add("v= is not the first tag: receivers ignore the whole record");
            first = false;
        }

        if (tags.TryGetValue("v", out var version) && version != "DKIM1")
            problems.Add($"v={version} where it should be v=DKIM1");
        if (tags.TryGetValue("k", out var keyType) && keyType != "rsa")
            problems.Add($"k={keyType} where the service signs with k=rsa");
        if (tags.TryGetValue("h", out var hashes) && !Listed(hashes, "sha256"))
            problems.Add($"h={hashes} leaves out sha256, the hash the service signs with");
        if (tags.TryGetValue("s", out var services) && !Listed(services, "email") && !Listed(services, "*"))
            problems.Add($"s={services} leaves out email");
        if (KeyProblem(tags.GetValueOrDefault("p"), signer) is { } keyProblem) problems.Add(keyProblem);
        return problems;
    }

    /// <summary>Whether the record says it is only being tried out (<c>t=y</c>): receivers then treat signed mail as unsigned.</summary>
    public static bool Testing(string published) =>
        published.Split(';').Select(part => part.Split('=', 2)).Any(tag => tag.Length == 2 && tag[0].Trim() == "t" && Listed(tag[1], "y"));

    private static string? KeyProblem(string? value, MailSigner signer)
    {
        if (value is null) return "there is no p= tag (the public key)";
        // Folding whitespace inside the base64 is allowed and means nothing.
        var base64 = string.Concat(value.Where(c => !char.IsWhiteSpace(c)));
        if (base64.Length == 0) return "p= is empty: the record says the key is revoked";
        byte[] published;
        try
        {
            published = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return "p= is not base64";
        }
        if (published.AsSpan().SequenceEqual(Convert.FromBase64String(signer.PublicKey))) return null;
        return $"p= is another key: DNS has {Describe(base64, published)}, the service signs with {Describe(signer.PublicKey, Convert.FromBase64String(signer.PublicKey))}";
    }

    /// <summary>Two keys of one size share their first 40-odd base64 characters; their ends tell them apart.</summary>
    private static string Describe(string base64, byte[] key)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(key, out _);
        }
        catch (CryptographicException)
        {
            return $"p=…{base64[^Math.Min(12, base64.Length)..]} (not an RSA public key)";
        }
        return $"p=…{base64[^12..]} ({rsa.KeySize}-bit RSA)";
    }

    private static bool Listed(string list, string item) => list.Split(':').Any(entry => entry.Trim() == item);
}
