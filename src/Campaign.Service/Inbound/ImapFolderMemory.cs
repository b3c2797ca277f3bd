namespace Campaign.Service.Inbound;

/// <summary>
/// What the inbox remembers about the polled folder between polls, in this process: the messages that are not
/// ours, by UID, so their headers are fetched once rather than at every poll; and whether the server refused
/// our keyword although it advertised keywords. UIDs only mean something within one UIDVALIDITY: when it
/// changes, the UIDs are forgotten.
/// </summary>
internal sealed class ImapFolderMemory
{
    private readonly HashSet<uint> leftAlone = [];
    private uint validity;

    /// <summary>Set once a STORE of our keyword was refused: from then on read mail is moved instead.</summary>
    public bool KeywordsRefused { get; set; }

    public void Use(uint uidValidity)
    {
        if (uidValidity == validity) return;
        leftAlone.Clear();
        validity = uidValidity;
    }

    public bool IsLeftAlone(uint uid) => leftAlone.Contains(uid);

    public void LeaveAlone(uint uid) => leftAlone.Add(uid);
}
