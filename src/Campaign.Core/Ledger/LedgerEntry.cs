using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Core.Ledger;

/// <summary>
/// One accepted letter or delivery in a campaign's ledger. Its hash covers every field and the previous entry's
/// hash, so changing, removing or reordering any entry breaks every hash after it.
/// </summary>
public sealed record LedgerEntry(
    string Campaign,
    long Seq,
    long Message,
    string TargetId,
    string Kind,
    string MessageId,
    string RelayReply,
    DateTime AcceptedAt,
    byte[] BodySha256,
    long Signatures,
    byte[] PreviousHash,
    byte[] EntryHash)
{
    /// <summary>The previous hash of a campaign's first entry.</summary>
    public static readonly byte[] Genesis = new byte[32];

    /// <summary>
    /// SHA-256 of the entry's fields, one per line in this order, as UTF-8: anyone can recompute it from an export
    /// (README, "The delivery ledger"). Times are UTC to the microsecond, as PostgreSQL keeps them; the relay's reply
    /// is kept on one line (<see cref="OneLine"/>), so no field can pass for two.
    /// </summary>
    public static byte[] Hash(string campaign, long seq, string targetId, string kind, string messageId, string relayReply,
        DateTime acceptedAt, byte[] bodySha256, long signatures, byte[] previousHash)
    {
        var text = string.Join('\n',
            campaign, seq.ToString(CultureInfo.InvariantCulture), targetId, kind, messageId, relayReply,
            Time(acceptedAt), Convert.ToHexStringLower(bodySha256), signatures.ToString(CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(previousHash));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A relay's reply as the ledger keeps it: a multi-line reply joined by spaces.</summary>
    public static string OneLine(string reply) => reply.ReplaceLineEndings(" ").Trim();

    /// <summary>A time as the ledger writes it, and as PostgreSQL stores it: UTC, whole microseconds.</summary>
    public static string Time(DateTime at) => Microseconds(at).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <param name="at">UTC: the dispatcher's clock, or PostgreSQL's timestamptz as Npgsql reads it.</param>
    public static DateTime Microseconds(DateTime at) => new(at.Ticks - at.Ticks % 10, DateTimeKind.Utc);

    /// <summary>Whether <paramref name="text"/> can be a chain head (or any entry hash): 64 hexadecimal digits.</summary>
    public static bool IsHash(string text) => text.Length == 64 && text.All(Uri.IsHexDigit);

    /// <summary>The hash this entry's fields give: equal to <see cref="EntryHash"/> unless the entry was changed.</summary>
    public byte[] Recomputed() =>
        Hash(Campaign, Seq, TargetId, Kind, MessageId, RelayReply, AcceptedAt, BodySha256, Signatures, PreviousHash);
}
