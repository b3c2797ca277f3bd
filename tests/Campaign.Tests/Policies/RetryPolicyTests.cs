using Campaign.Core.Dispatch;
using Campaign.Core.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Policies;

/// <summary>When a deferred message is tried again: base 30 s, doubling, capped at 2 h, within a 72 h window.</summary>
public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromHours(2);
    private static readonly TimeSpan Window = TimeSpan.FromHours(72);

    /// <summary>0.5 is the middle of the jitter: the delay itself.</summary>
    private static RetryPolicy Policy(double random = 0.5) =>
        new(Options.Create(new DeliveryOptions { RetryBaseDelay = Base, RetryMaxDelay = Max, RetryWindow = Window }), () => random);

    private static TimeSpan? Delay(RetryPolicy policy, int attempts, TimeSpan? serverAsked = null) =>
        policy.NextAttempt(attempts, queuedAt: Now, Now, serverAsked) - Now;

    [Fact]
    public void NextAttempt_FirstFailure_WaitsTheBaseDelay()
    {
        Assert.Equal(Base, Delay(Policy(), attempts: 1));
    }

    [Fact]
    public void NextAttempt_JitterAtItsEnds_IsTwentyPercentEitherWay()
    {
        Assert.Equal(TimeSpan.FromSeconds(24), Delay(Policy(0.0), attempts: 1));

        var longest = Delay(Policy(Math.BitDecrement(1.0)), attempts: 1)!.Value;
        Assert.InRange(longest, TimeSpan.FromSeconds(35.999), TimeSpan.FromSeconds(36));
    }

    [Fact]
    public void NextAttempt_EachFailure_DoublesTheDelay()
    {
        var policy = Policy();

        var delays = Enumerable.Range(1, 5).Select(attempts => Delay(policy, attempts)!.Value.TotalSeconds).ToArray();

        Assert.Equal([30, 60, 120, 240, 480], delays);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void NextAttempt_NoAttemptYet_WaitsTheBaseDelay(int attempts)
    {
        Assert.Equal(Base, Delay(Policy(), attempts));
    }

    [Fact]
    public void NextAttempt_ManyFailures_StopsGrowingAtRetryMaxDelay()
    {
        var policy = Policy();

        Assert.Equal(TimeSpan.FromSeconds(30 * 128), Delay(policy, attempts: 8)); // 64 min, still under the cap
        Assert.Equal(Max, Delay(policy, attempts: 9));
        Assert.Equal(Max, Delay(policy, attempts: 30));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void NextAttempt_HugeAttemptCount_DoesNotOverflowAndWaitsTheCap(int attempts)
    {
        Assert.Equal(Max, Delay(Policy(), attempts));
    }

    [Fact]
    public void NextAttempt_ServerAsksLonger_WaitsAsLongAsTheServerAsked()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), Delay(Policy(), attempts: 1, serverAsked: TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void NextAttempt_ServerAsksShorter_KeepsOurOwnDelay()
    {
        Assert.Equal(TimeSpan.FromMinutes(4), Delay(Policy(), attempts: 4, serverAsked: TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void NextAttempt_NextTryWouldBePastTheWindow_IsNull()
    {
        var queuedAt = Now - Window + TimeSpan.FromSeconds(29);

        Assert.Null(Policy().NextAttempt(1, queuedAt, Now));
    }

    [Fact]
    public void NextAttempt_NextTryExactlyAtTheWindowsEnd_IsStillTaken()
    {
        var queuedAt = Now - Window + Base;

        Assert.Equal(queuedAt + Window, Policy().NextAttempt(1, queuedAt, Now));
    }

    [Fact]
    public void NextAttempt_ServerAsksBeyondTheWindow_IsNull()
    {
        var queuedAt = Now - TimeSpan.FromHours(70);

        Assert.Null(Policy().NextAttempt(1, queuedAt, Now, serverAsked: TimeSpan.FromHours(3)));
    }

    [Fact]
    public void Constructor_FromServices_ResolvesWithTheSharedRandom()
    {
        var services = new ServiceCollection();
        services.Configure<DeliveryOptions>(o => { o.RetryBaseDelay = Base; o.RetryMaxDelay = Max; o.RetryWindow = Window; });
        services.AddSingleton<RetryPolicy>();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var delay = Delay(provider.GetRequiredService<RetryPolicy>(), attempts: 1)!.Value;

        Assert.InRange(delay, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(36));
    }
}
