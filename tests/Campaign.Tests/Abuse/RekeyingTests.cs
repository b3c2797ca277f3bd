using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Campaign.Core.Privacy;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Abuse;

/// <summary>
/// A database whose keys were made the old way (lower case only) is keyed again at start: old signatures are
/// found under their canonical key, two that turn out to be one mailbox in one campaign leave the older one
/// holding it and the newer one kept and recorded, and a suppression follows its mailbox.
/// </summary>
public sealed class RekeyingTests(RekeyingTests.Fixture service) : IClassFixture<RekeyingTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        /// <summary>Settings the next restart adds.</summary>
        public List<string> Settings { get; } = [];

        protected override IEnumerable<string> ExtraSettings => Settings;
    }

    [Fact]
    public async Task Start_WithOldStyleKeys_KeysThemAgainAndMergesOneMailbox()
    {
        var older = await OldStyleSignatureAsync(TestCampaigns.Petition, "Twice.Over+first@gmail.com");
        var newer = await OldStyleSignatureAsync(TestCampaigns.Petition, "twiceover@googlemail.com");
        var elsewhere = await OldStyleSignatureAsync(TestCampaigns.Letter, "Someone+tag@example.org");
        await service.QueryScalarAsync<int>(
            "insert into suppressed_addresses (address_key, reason) values (@key, 'hard-bounce')", new { key = OldKey("someone+tag@example.org") });

        await service.RestartAsync(_ => { });

        var canonical = service.AddressKey("twiceover@gmail.com");
        Assert.Equal(canonical, await KeyOfAsync(older));
        Assert.Equal($"merged:{newer}", await KeyOfAsync(newer));
        Assert.Equal(older, await service.QueryScalarAsync<long>("select kept_signature_id from merged_signatures where signature_id = @newer", new { newer }));
        Assert.NotNull(await service.SupporterAsync(newer)); // kept, not erased
        Assert.Equal(service.AddressKey("someone@example.org"), await KeyOfAsync(elsewhere));
        Assert.Equal("hard-bounce", await service.QueryScalarAsync<string>(
            "select reason from suppressed_addresses where address_key = @key", new { key = service.AddressKey("someone@example.org") }));
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from signatures where keyed_as = 0"));

        // And the mailbox is one person from now on.
        var again = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("twice.over+third@gmail.com"));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(1L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @canonical", new { canonical }));

        // Erasing the mailbox erases the merged signature too, and forgets its confirmation count.
        Assert.Equal(HttpStatusCode.OK, (await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email = "twiceover@gmail.com" })).StatusCode);
        Assert.Equal(2L, await service.QueryScalarAsync<long>(
            "select count(*) from signatures where id in (@older, @newer) and erased_at is not null and email is null", new { older, newer }));
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from confirmation_sends where address_key = @canonical", new { canonical }));
    }

    [Fact]
    public async Task Start_WithAnotherDotlessProvider_KeysEveryoneAgainUnderTheNewRules()
    {
        var older = await service.SignDirectlyAsync(TestCampaigns.Milestone, "Ana.Kim@fastmail.example");
        var newer = await service.SignDirectlyAsync(TestCampaigns.Milestone, "anakim+x@fastmail.example");
        Assert.NotEqual(older, newer); // two people while dots count at fastmail.example

        service.Settings.AddRange(["--Abuse:DotlessDomains:0=gmail.com", "--Abuse:DotlessDomains:1=fastmail.example"]);
        await service.RestartAsync(_ => { });

        Assert.Equal(service.AddressKey("anakim@fastmail.example"), service.AddressKey("a.n.a.k.i.m@fastmail.example"));
        Assert.Equal(service.AddressKey("anakim@fastmail.example"), await KeyOfAsync(older));
        Assert.Equal($"merged:{newer}", await KeyOfAsync(newer));
        Assert.Equal(service.AddressKey("twiceover@gmail.com"), service.AddressKey("t.w.i.c.e.over@gmail.com"));
    }

    /// <summary>A signature as the previous version stored it: the key of the lower-cased address, not yet keyed again.</summary>
    private async Task<long> OldStyleSignatureAsync(string campaign, string email)
    {
        var id = await service.SignDirectlyAsync(campaign, email);
        await service.QueryScalarAsync<int>("update signatures set email_key = @key, keyed_as = 0, created_at = clock_timestamp() where id = @id",
            new { key = OldKey(email.ToLowerInvariant()), id });
        return id;
    }

    private string OldKey(string lowered)
    {
        var secret = service.Service.Services.GetRequiredService<SupporterVault>().Ring.AddressSecret;
        return Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(lowered)));
    }

    private Task<string> KeyOfAsync(long id) => service.QueryScalarAsync<string>("select email_key from signatures where id = @id", new { id });
}
