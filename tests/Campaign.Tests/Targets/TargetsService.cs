using System.Net.Http.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Targets;

/// <summary>
/// The service with letter campaigns of its own for protecting the targets: one test each, so counts of one
/// never see another's letters. Each starts paused by the admin, so letters wait until the test lets them go.
/// </summary>
public sealed class TargetsService : ServiceFixture
{
    public const string Copies = "copies-test";
    public const string Cancelling = "cancel-test";
    public const string Queue = "queue-test";

    public const string TemplateLine = "Please let the nine families pass safely.";

    protected override void WriteCampaigns(string directory)
    {
        base.WriteCampaigns(directory);
        File.WriteAllText(Path.Combine(directory, $"{Copies}.yaml"), Campaign(Copies, ("ministry", 1_000_000)));
        File.WriteAllText(Path.Combine(directory, $"{Cancelling}.yaml"), Campaign(Cancelling, ("first", 1_000_000), ("second", 1_000_000)));
        // Four an hour: ten letters take two and a half hours.
        File.WriteAllText(Path.Combine(directory, $"{Queue}.yaml"), Campaign(Queue, ("office", 4)));
    }

    public async Task PauseAsync(string slug) =>
        (await Admin.PostAsync($"/api/admin/campaigns/{slug}/pause", null)).EnsureSuccessStatusCode();

    public async Task ResumeAsync(string slug) =>
        (await Admin.PostAsync($"/api/admin/campaigns/{slug}/resume", null)).EnsureSuccessStatusCode();

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => Admin.PostAsJsonAsync(path, body);

    private static string Campaign(string slug, params (string Id, int MaxPerHour)[] targets) => $"""
        slug: {slug}
        kind: letter
        languages: [en]
        title: {"{"} en: "Let them pass" {"}"}
        summary: {"{"} en: "Write to the ministry." {"}"}
        targets:
        {string.Concat(targets.Select(Target))}letter:
          editable: true
          subject: {"{"} en: "A letter" {"}"}
          body: {"{"} en: "{TemplateLine}" {"}"}

        """;

    private static string Target((string Id, int MaxPerHour) target) =>
        $"  - id: {target.Id}\n    name: Ministry {target.Id}\n    country: LA\n    email: {target.Id}@ministry.example\n" +
        $"    timezone: Asia/Vientiane\n    max_per_hour: {target.MaxPerHour}\n";
}
