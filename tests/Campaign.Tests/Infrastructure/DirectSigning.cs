using Campaign.Core.Campaigns;
using Campaign.Core.Signatures;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Infrastructure;

/// <summary>Signs and confirms through the service's own <see cref="SignatureBook"/>, skipping the email round trip where a test is about what follows.</summary>
public static class DirectSigning
{
    public static async Task<long> SignDirectlyAsync(this ServiceFixture service, string slug, string email, string name = "Ana Kim", string country = "KR",
        bool share = false, string? letterBody = null, bool updates = false, string language = "en")
    {
        var campaign = service.Service.Services.GetRequiredService<CampaignCatalog>().Find(slug)!;
        await service.Service.Services.GetRequiredService<SignatureBook>().SignAsync(campaign,
            new SignatureRequest(name, email, country, null, language, null, letterBody, share, Updates: updates));
        return await service.QueryScalarAsync<long>("select id from signatures where campaign = @slug and email_key = @key", new { slug, key = service.AddressKey(email) });
    }

    public static Task<ConfirmOutcome> ConfirmDirectlyAsync(this ServiceFixture service, long signatureId) =>
        service.Service.Services.GetRequiredService<SignatureBook>().ConfirmAsync(signatureId);

    public static async Task<long> SignAndConfirmAsync(this ServiceFixture service, string slug, string email, string name = "Ana Kim", string country = "KR",
        bool share = false, string? letterBody = null, bool updates = false, string language = "en")
    {
        var id = await service.SignDirectlyAsync(slug, email, name, country, share, letterBody, updates, language);
        await service.ConfirmDirectlyAsync(id);
        return id;
    }
}
