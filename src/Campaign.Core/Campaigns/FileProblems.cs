using YamlDotNet.RepresentationModel;

namespace Campaign.Core.Campaigns;

/// <summary>The problems found in one campaign file, each pinned to the line a person should look at.</summary>
internal sealed class FileProblems(string file)
{
    private readonly List<CampaignProblem> problems = [];

    public string File => file;

    public IReadOnlyList<CampaignProblem> All => problems;

    public bool Any => problems.Count > 0;

    public void Add(int line, string message) => problems.Add(new CampaignProblem(file, line, message));

    public void Add(YamlNode node, string message) => Add(LineOf(node), message);

    public static int LineOf(YamlNode node) => (int)node.Start.Line;
}
