using System.Net;
using System.Text.RegularExpressions;
using Campaign.Service.MailCapture;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Service;

/// <summary>With no relay configured, the service sends through its own capture server and shows the mail to admins.</summary>
public sealed partial class EmbeddedModeTests(EmbeddedModeTests.Fixture service) : IClassFixture<EmbeddedModeTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        protected override bool UseTestRelay => false;
    }

    [Fact]
    public async Task Sign_WithoutRelay_ConfirmationIsCapturedAndItsLinkConfirms()
    {
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("captured@example.org"));

        string? link = null;
        await ServiceFixture.EventuallyAsync(async () =>
        {
            var list = await service.Admin.GetStringAsync("/admin/mail");
            if (!list.Contains("captured@example.org", StringComparison.Ordinal)) return false;
            var id = MailLink().Match(list).Groups[1].Value;
            var message = await service.Admin.GetStringAsync($"/admin/mail/{id}");
            link = ConfirmLink().Match(message).Value;
            return link.Length > 0;
        }, TimeSpan.FromSeconds(15), "the confirmation listed at /admin/mail with its link");

        var confirmed = await service.Client.PostAsync(new Uri(link!).PathAndQuery, null);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("confirmed", await service.QueryScalarAsync<string>($"select status from signatures where email_key = '{service.AddressKey("captured@example.org")}'"));
        Assert.Empty(service.Mailbox.Received); // the test relay was not used
        await ServiceFixture.EventuallyAsync(async () =>
            (await service.Service.Services.GetRequiredService<CapturedMailStore>().ListAsync(100, CancellationToken.None))
                .Count(m => m.Recipients.Contains("sandbox@campaign.example")) == 2,
            TimeSpan.FromSeconds(15), "both letters captured, addressed to the sandbox");
    }

    [GeneratedRegex(@"/admin/mail/(\d+)")]
    private static partial Regex MailLink();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/confirm/[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmLink();
}
