using System.Security.Cryptography;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.Signatures;

public sealed class SupporterTokensTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly byte[] secret = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Check_IssuedToken_IsValidForItsSignature()
    {
        var tokens = new SupporterTokens(secret, time);

        var token = tokens.Issue(TokenPurpose.Confirm, 4242);

        Assert.Equal(TokenCheck.Valid, tokens.Check(token, TokenPurpose.Confirm, out var id));
        Assert.Equal(4242, id);
    }

    [Fact]
    public void Check_ConfirmTokenAfterItsLifetime_IsExpired()
    {
        var tokens = new SupporterTokens(secret, time);
        var token = tokens.Issue(TokenPurpose.Confirm, 7);

        time.Advance(SupporterTokens.ConfirmationLifetime + TimeSpan.FromMinutes(1));

        Assert.Equal(TokenCheck.Expired, tokens.Check(token, TokenPurpose.Confirm, out _));
    }

    [Fact]
    public void Check_UnsubscribeToken_NeverExpires()
    {
        var tokens = new SupporterTokens(secret, time);
        var token = tokens.Issue(TokenPurpose.Unsubscribe, 7);

        time.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(TokenCheck.Valid, tokens.Check(token, TokenPurpose.Unsubscribe, out _));
    }

    [Fact]
    public void Check_TokenForAnotherPurposeOrSecretOrTampered_IsMalformed()
    {
        var tokens = new SupporterTokens(secret, time);
        var token = tokens.Issue(TokenPurpose.Unsubscribe, 7);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.Equal(TokenCheck.Malformed, tokens.Check(token, TokenPurpose.Confirm, out _));
        Assert.Equal(TokenCheck.Malformed, new SupporterTokens(RandomNumberGenerator.GetBytes(32), time).Check(token, TokenPurpose.Unsubscribe, out _));
        Assert.Equal(TokenCheck.Malformed, tokens.Check(tampered, TokenPurpose.Unsubscribe, out _));
        Assert.Equal(TokenCheck.Malformed, tokens.Check("not a token!", TokenPurpose.Unsubscribe, out _));
        Assert.Equal(TokenCheck.Malformed, tokens.Check("", TokenPurpose.Unsubscribe, out _));
    }

    [Fact]
    public void Issue_TwoSignatures_GiveTokensThatDifferWidely()
    {
        var tokens = new SupporterTokens(secret, time);

        var a = tokens.Issue(TokenPurpose.Confirm, 1);
        var b = tokens.Issue(TokenPurpose.Confirm, 2);

        // The MAC part (the last 22 characters) shares nothing predictable between neighbours.
        Assert.NotEqual(a[^22..], b[^22..]);
        Assert.True(a.Length >= 40);
    }

    [Theory]
    [InlineData("Ana@Example.ORG", "ana@example.org")]
    [InlineData("ana@example.org.", "ana@example.org")]
    [InlineData(" ana@example.org ", "ana@example.org")]
    public void EmailKey_SameMailbox_SameKey(string email, string key) => Assert.Equal(key, EmailKey.For(email));
}
