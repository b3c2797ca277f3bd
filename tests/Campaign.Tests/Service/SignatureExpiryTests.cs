using Campaign.Core.Signatures;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Service;

/// <summary>Supporters who never confirm do not stay in the database: their details are erased after the link expires.</summary>
public sealed class SignatureExpiryTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task EraseExpired_UnconfirmedPastTheLinkLifetime_ErasesDetailsAndCancelsTheirMail()
    {
        await service.SignAsync(TestCampaigns.Paused, ServiceFixture.Signer("forgot@example.org"));
        await service.SignAsync(TestCampaigns.Paused, ServiceFixture.Signer("recent@example.org"));
        var forgot = await service.QueryScalarAsync<long>($"select id from signatures where email_key = '{service.AddressKey("forgot@example.org")}'");
        // Backdate one signature and leave its confirmation waiting for a retry, as after a failed send.
        await service.QueryScalarAsync<int>($"""
            update signatures set created_at = now() - interval '16 days' where id = {forgot};
            update messages set status = 'deferred', next_attempt_at = now() + interval '1 hour' where signature_id = {forgot};
            select 0
            """);

        var erased = await service.Service.Services.GetRequiredService<SignatureExpiry>().EraseExpiredAsync(CancellationToken.None);
        var again = await service.Service.Services.GetRequiredService<SignatureExpiry>().EraseExpiredAsync(CancellationToken.None);

        Assert.Equal(1, erased);
        Assert.Equal(0, again);
        Assert.Equal("expired", await service.QueryScalarAsync<string>($"select status from signatures where id = {forgot}"));
        Assert.Equal(0L, await service.QueryScalarAsync<long>($"select count(*) from signatures where email_key = '{service.AddressKey("forgot@example.org")}' or name is not null and id = " + forgot));
        Assert.Equal("cancelled", await service.QueryScalarAsync<string>($"select status from messages where signature_id = {forgot}"));
        Assert.Equal("pending", await service.QueryScalarAsync<string>($"select status from signatures where email_key = '{service.AddressKey("recent@example.org")}'"));
    }
}
