using Campaign.Core.Privacy;

namespace Campaign.Tests.Abuse;

/// <summary>Every spelling of one mailbox has one canonical form; spellings of different mailboxes keep theirs.</summary>
public sealed class CanonicalAddressTests
{
    [Theory]
    [InlineData("Victim@Gmail.com", "victim@gmail.com")]
    [InlineData("v.i.c.t.i.m@gmail.com", "victim@gmail.com")]
    [InlineData("Vic.Tim+campaign-2@GMAIL.COM.", "victim@gmail.com")]
    [InlineData("victim+1@googlemail.com", "victim@gmail.com")]
    [InlineData("ana+news@example.org", "ana@example.org")]
    [InlineData("ana@bücher.example", "ana@xn--bcher-kva.example")]
    [InlineData("ana@XN--BCHER-KVA.example", "ana@xn--bcher-kva.example")]
    public void For_SpellingsOfOneMailbox_GiveOneForm(string email, string canonical) =>
        Assert.Equal(canonical, CanonicalAddress.Default.For(email));

    [Theory]
    [InlineData("ana.kim@example.org", "anakim@example.org")] // dots matter outside the listed providers
    [InlineData("ana@example.org", "ana@example.net")]
    [InlineData("ana@gmail.com", "ana@gmail.co")]
    public void For_DifferentMailboxes_StayApart(string one, string other) =>
        Assert.NotEqual(CanonicalAddress.Default.For(one), CanonicalAddress.Default.For(other));

    [Fact]
    public void For_ConfiguredProvider_IgnoresItsDots()
    {
        var rules = new CanonicalAddress(["Fastmail.example"]);

        Assert.Equal("anakim@fastmail.example", rules.For("Ana.Kim+x@fastmail.example"));
        Assert.Equal("a.b@gmail.com", rules.For("a.b@gmail.com"));
        Assert.NotEqual(CanonicalAddress.Default.Rules, rules.Rules);
    }

    [Fact]
    public void For_PlusOnlyLocalPart_KeepsIt() => Assert.Equal("+@example.org", CanonicalAddress.Default.For("+@example.org"));
}
