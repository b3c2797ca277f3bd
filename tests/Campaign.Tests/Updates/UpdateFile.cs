namespace Campaign.Tests.Updates;

/// <summary>Writes update files as an organizer would, beside the campaign files.</summary>
public static class UpdateFile
{
    public static void Write(string campaignsDirectory, string slug, string id, string content)
    {
        var directory = Path.Combine(campaignsDirectory, slug, "updates");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, id + ".md"), content);
    }

    /// <summary>An update in English and Korean, due at once.</summary>
    public static string Bilingual(string english, string korean) => $"""
        ---
        title:
          en: "{english}"
          ko: "{korean}"
        send_at: 2026-01-01T00:00:00Z
        ---
        **{english}**: the ministry wrote back today.

        <!-- ko -->
        **{korean}**: 오늘 외무부가 답장을 보냈습니다.
        """;
}
