namespace Campaign.Tests.Receiving;

/// <summary>One client address gets so many messages a minute; past that it hears a temporary 451 and comes back later.</summary>
public sealed class InboundRateLimitTests(InboundRateLimitTests.SlowService service) : IClassFixture<InboundRateLimitTests.SlowService>
{
    public sealed class SlowService : ListeningService
    {
        public const int Allowance = 3;

        protected override int MessagesPerMinute => Allowance;
    }

    [Fact]
    public async Task MessagesOverTheAllowance_GetATemporary451AtMail_OnAnyConnectionFromThatClient()
    {
        var to = service.BounceAddress(77);
        var markers = Enumerable.Range(0, SlowService.Allowance + 1).Select(_ => InboundMail.Marker()).ToList();

        await using (var smtp = await SmtpConversation.OpenAsync(service.InboundPort))
        {
            foreach (var marker in markers.Take(SlowService.Allowance))
            {
                Assert.StartsWith("250", (await smtp.DeliverAsync("", [to], InboundMail.Bounce(to, marker)))[^1], StringComparison.Ordinal);
            }

            Assert.StartsWith("451 4.7.1", await smtp.SendAsync("MAIL FROM:<>"), StringComparison.Ordinal);
        }

        await using (var again = await SmtpConversation.OpenAsync(service.InboundPort))
        {
            Assert.StartsWith("451 4.7.1", await again.SendAsync("MAIL FROM:<>"), StringComparison.Ordinal);
        }

        foreach (var marker in markers.Take(SlowService.Allowance)) Assert.Single(await InboundMail.StoredAsync(service, "smtp", marker));
        Assert.Contains(service.Log.Lines, line => line.Contains("more than its allowance", StringComparison.Ordinal));
    }
}
