using Campaign.Tests.Infrastructure;
using Campaign.Tests.Receiving;

namespace Campaign.Tests.Replies;

/// <summary>
/// A service with its inbound SMTP listener, a 1 KB limit on a reply's attachments (two kept at most), and one
/// campaign whose target's address no other campaign writes to, so mail from it is that target's by its sender alone.
/// </summary>
public sealed class ReplyingService : ListeningService
{
    public const string OwnTargetCampaign = "own-target-test";
    public const string OwnTargetEmail = "answers@un-coi.example";
    public const int AttachmentLimit = 1024;

    protected override IEnumerable<string> ExtraSettings =>
        [.. base.ExtraSettings, $"--Inbound:ReplyAttachmentLimit={AttachmentLimit}", "--Inbound:ReplyAttachmentCount=2"];

    protected override void WriteCampaigns(string directory)
    {
        base.WriteCampaigns(directory);
        File.WriteAllText(Path.Combine(directory, $"{OwnTargetCampaign}.yaml"), TestCampaigns.OneTargetLetterCampaign(OwnTargetCampaign, OwnTargetEmail, "max_per_hour: 3600"));
    }
}
