namespace Campaign.Core.Campaigns;

/// <summary>Reads and validates every <c>*.yaml</c> (and <c>*.yml</c>) file of a campaign directory.</summary>
public static class CampaignFiles
{
    /// <summary>
    /// Loads every campaign file in <paramref name="directory"/>, sorted by name. A file with any problem is
    /// left out of <see cref="CampaignLoadResult.Campaigns"/>; every problem of every file is reported.
    /// </summary>
    public static CampaignLoadResult LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            return new CampaignLoadResult([], [new CampaignProblem(directory, 0, "campaign directory does not exist")]);

        var campaigns = new List<CampaignDefinition>();
        var problems = new List<CampaignProblem>();
        var fileOfSlug = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in CampaignPaths(directory))
        {
            var fileProblems = new FileProblems(path);
            var campaign = CampaignFileReader.Read(path, fileProblems, out var slugLine);
            problems.AddRange(fileProblems.All);
            if (campaign is null) continue;

            // Slugs equal file names, so only "x.yaml" beside "x.yml" can collide.
            if (fileOfSlug.TryGetValue(campaign.Slug, out var other))
            {
                problems.Add(new CampaignProblem(path, slugLine, $"slug: '{campaign.Slug}' is already used by {other}"));
                continue;
            }

            fileOfSlug[campaign.Slug] = path;
            campaigns.Add(campaign with { Updates = Updates.UpdateFiles.Read(directory, campaign, problems) });
        }

        return new CampaignLoadResult(campaigns, problems);
    }

    private static IEnumerable<string> CampaignPaths(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.Combine(directory, Path.GetFileName(p)))
            .OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal);
}
