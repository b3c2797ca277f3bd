using Campaign.Core.Relay;

namespace Campaign.Tests.Policies;

/// <summary>How long a relay's 4xx reply asks us to wait.</summary>
public sealed class RetryAfterHintTests
{
    [Theory]
    [InlineData("451 4.7.1 Greylisted, try again in 30 seconds", 30)]
    [InlineData("421 4.7.0 Too many messages, retry in 5 minutes", 300)]
    [InlineData("450 4.7.1 Retry-After: 120", 120)]
    [InlineData("452 4.3.1 Insufficient system storage, try again after 2 hours", 7200)]
    [InlineData("451 Try again in 90s", 90)]
    [InlineData("451 retry after 15 min", 900)]
    public void Parse_ReplyWithAHint_IsTheDelayItNames(string reply, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterHint.Parse(reply));
    }

    [Theory]
    [InlineData("451 4.7.1 TRY AGAIN IN 10 MINUTES", 600)]
    [InlineData("451 4.7.1 Retry-after: 45", 45)]
    [InlineData("451 4.7.1 try Again In 1 Hour", 3600)]
    public void Parse_AnyLetterCase_ReadsTheHint(string reply, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterHint.Parse(reply));
    }

    [Theory]
    [InlineData("451 Try again in 12 hours")]
    [InlineData("451 Retry-After: 999999")]
    public void Parse_HintLongerThanSixHours_IsCappedAtSixHours(string reply)
    {
        Assert.Equal(TimeSpan.FromHours(6), RetryAfterHint.Parse(reply));
    }

    [Theory]
    [InlineData("421 4.7.0 Too many connections from your host")]
    [InlineData("450 4.2.1 mailbox 12345 full")]
    [InlineData("451 4.3.0 Temporary failure 2 of 3, please retry later")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_NoHint_IsNull(string? reply)
    {
        Assert.Null(RetryAfterHint.Parse(reply));
    }
}
