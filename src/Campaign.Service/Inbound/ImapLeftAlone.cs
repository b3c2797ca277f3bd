namespace Campaign.Service.Inbound;

/// <summary>
/// The messages of the polled folder that are not ours, by UID, so their headers are fetched once per process
/// rather than at every poll. UIDs only mean something within one UIDVALIDITY: when it changes, this forgets.
/// </summary>
internal sealed class ImapLeftAlone
{
    private readonly HashSet<uint> uids = [];
    private uint validity;

    public void Use(uint uidValidity)
    {
        if (uidValidity == validity) return;
        uids.Clear();
        validity = uidValidity;
    }

    public bool Contains(uint uid) => uids.Contains(uid);

    public void Add(uint uid) => uids.Add(uid);
}
