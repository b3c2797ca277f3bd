using System.Net;
using System.Net.Http.Json;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.Service;

/// <summary>A confirmation link stops working after its lifetime; the supporter is told it expired.</summary>
public sealed class TokenExpiryTests(TokenExpiryTests.Fixture service) : IClassFixture<TokenExpiryTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
    }

    [Fact]
    public async Task Confirm_AfterFifteenDays_Answers410AndLeavesTheSignaturePending()
    {
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("late@example.org"));
        var token = await service.ConfirmationTokenForAsync("late@example.org");

        service.Clock.Advance(TimeSpan.FromDays(15));
        var api = await service.Client.PostAsJsonAsync("/api/confirmations", new { token });
        var page = await service.Client.PostAsync($"/confirm/{token}", null);

        Assert.Equal(HttpStatusCode.Gone, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal("pending", await service.QueryScalarAsync<string>($"select status from signatures where email_key = '{service.AddressKey("late@example.org")}'"));
    }
}
