namespace Campaign.Core.Ledger;

/// <summary>
/// A chain recomputed: how many entries, the head, and the first entry that does not hold — changed after it was
/// written, not linked to the one before it, or with one missing before it.
/// </summary>
public sealed record LedgerCheck(long Entries, string? Head, long? BrokenAt, string? Why)
{
    public bool Intact => BrokenAt is null;

    /// <param name="publishedHead">
    /// A head published earlier (hex): the chain must still contain it. Without one, entries removed from the end of
    /// a chain leave a shorter chain that holds; with one, they are found.
    /// </param>
    public static LedgerCheck Of(IEnumerable<LedgerEntry> chain, string? publishedHead = null)
    {
        var published = publishedHead is null ? null : Convert.FromHexString(publishedHead);
        var seen = published is null;
        var previous = LedgerEntry.Genesis;
        long expected = 1, count = 0;
        foreach (var entry in chain)
        {
            if (entry.Seq != expected)
                return new(count, null, expected, entry.Seq > expected ? $"entry {expected} is missing (the next is {entry.Seq})" : $"entry {entry.Seq} appears twice");
            if (!entry.PreviousHash.AsSpan().SequenceEqual(previous))
                return new(count, null, entry.Seq, $"entry {entry.Seq} does not name the hash of the entry before it");
            if (!entry.Recomputed().AsSpan().SequenceEqual(entry.EntryHash))
                return new(count, null, entry.Seq, $"entry {entry.Seq} (message {entry.MessageId}) was changed after it was written: its fields do not give its hash");
            previous = entry.EntryHash;
            seen |= published is not null && entry.EntryHash.AsSpan().SequenceEqual(published);
            expected++;
            count++;
        }
        var head = count == 0 ? null : Convert.ToHexStringLower(previous);
        if (!seen) return new(count, head, count + 1, $"the published head {publishedHead!.ToLowerInvariant()} is in none of the {count} entries: entries were removed or changed since it was published");
        return new(count, head, null, null);
    }
}
