using Campaign.Service.Embedded;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Embed;

/// <summary>
/// The service with, beside the usual test campaigns, one in four languages that a partner may embed: its
/// partner is <see cref="PartnerOrigin"/> (a loopback port the browser tests serve a page from, on another
/// host name than the service's, so another site to the browser) and <c>https://partner.example</c>.
/// </summary>
public class EmbedService : ServiceFixture
{
    public const string Slug = "embed-test";

    public int PartnerPort { get; } = LoopbackPort.FindFree();

    /// <summary>A site the campaign file does not list.</summary>
    public int StrangerPort { get; } = LoopbackPort.FindFree();

    public string PartnerOrigin => $"http://localhost:{PartnerPort}";

    public string StrangerOrigin => $"http://localhost:{StrangerPort}";

    public static readonly Dictionary<string, string> Titles = new()
    {
        ["en"] = "Let refugees pass safely",
        ["ko"] = "난민이 안전하게 지나가게 해 주십시오",
        ["zh"] = "让难民安全通过",
        ["lo"] = "ໃຫ້ຜູ້ລີ້ໄພຜ່ານໄປຢ່າງປອດໄພ",
    };

    public static readonly Dictionary<string, string> ShareTexts = new()
    {
        ["en"] = "I signed & you can too: let refugees pass safely!",
        ["ko"] = "저는 서명했습니다. 함께 서명해 주시겠어요?",
        ["zh"] = "我已签名，您也来签名吧？",
        ["lo"] = "ຂ້ອຍໄດ້ລົງລາຍເຊັນແລ້ວ. ທ່ານຈະລົງນຳບໍ່?",
    };

    protected override void WriteCampaigns(string directory)
    {
        base.WriteCampaigns(directory);
        string Map(Dictionary<string, string> texts) => "{ " + string.Join(", ", texts.Select(t => $"{t.Key}: \"{t.Value}\"")) + " }";
        File.WriteAllText(Path.Combine(directory, $"{Slug}.yaml"), $"""
            slug: {Slug}
            kind: petition
            languages: [en, ko, zh, lo]
            goal: 1000
            title: {Map(Titles)}
            summary: {"{"} en: "Embedded on partners' sites." {"}"}
            targets:
              - id: mfa
                name: Ministry of Foreign Affairs
                country: CN
                email: {TestCampaigns.FirstTargetEmail}
                timezone: Asia/Shanghai
            petition:
              text: {"{"} en: "Let them pass.", ko: "지나가게 해 주십시오.", zh: "让他们通过。", lo: "ໃຫ້ເຂົາເຈົ້າຜ່ານ." {"}"}
            embed:
              allowed_origins: [{PartnerOrigin}, https://partner.example]
            share:
              text: {Map(ShareTexts)}
              refs: {"{"} whatsapp: wa, email: mail, embed: partner-frame {"}"}
              other_refs: [poster]

            """);
    }

    /// <summary>The signatures counted for one code of the embed campaign (0 before the first).</summary>
    public Task<long> RefCountAsync(string code) =>
        QueryScalarAsync<long>("select coalesce((select signed from signature_ref_counts where campaign = @slug and ref = @code), 0)", new { slug = Slug, code });
}

/// <summary>The embed campaign's service asking a proof of work from a client's second signature in an hour.</summary>
public sealed class ChallengedEmbedService : EmbedService
{
    protected override IEnumerable<string> ExtraSettings =>
    [
        "--RateLimits:Signing:Burst=1000", "--RateLimits:Signing:Sustained=1000",
        "--RateLimits:Signing:NetworkBurst=1000", "--RateLimits:Signing:NetworkSustained=1000",
        "--Abuse:Challenge:ClientPerHour=1", "--Abuse:Challenge:NetworkPerHour=0", "--Abuse:Challenge:CampaignPerMinute=0",
        // Small, so the test solves fast; the browser's work is the same loop.
        "--Abuse:Challenge:MaxNumber=2000",
    ];
}

/// <summary>The embed campaign's service taking one signature a minute per client.</summary>
public sealed class LimitedEmbedService : EmbedService
{
    protected override IEnumerable<string> ExtraSettings =>
        ["--RateLimits:Signing:Burst=1", "--RateLimits:Signing:Sustained=1", "--RateLimits:Signing:NetworkBurst=1000", "--RateLimits:Signing:NetworkSustained=1000"];
}
