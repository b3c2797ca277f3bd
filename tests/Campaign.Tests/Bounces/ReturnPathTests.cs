using System.Security.Cryptography;
using Campaign.Core.Deliverability;

namespace Campaign.Tests.Bounces;

public sealed class ReturnPathTests
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData(1L)]
    [InlineData(42L)]
    [InlineData(9_000_000_000L)]
    public void A_bounce_address_names_its_message_and_nothing_else(long id)
    {
        using var path = new ReturnPath(Secret, "Bounces.Example.org");

        var address = path.For(id);

        Assert.Matches("^bounces\\+[a-z2-7]{26}@bounces\\.example\\.org$", address);
        // Opaque: only the secret reads it (a text check for the digits would fail by chance: base32 holds "42" often enough).
        using (var other = new ReturnPath(RandomNumberGenerator.GetBytes(32), "bounces.example.org"))
        {
            Assert.False(other.TryRead(address, out _));
            Assert.NotEqual(address, other.For(id));
        }
        Assert.True(path.TryRead(address, out var read));
        Assert.Equal(id, read);
        // Mail servers may change the case of a local part.
        Assert.True(path.TryRead(address.ToUpperInvariant(), out read));
        Assert.Equal(id, read);
    }

    [Fact]
    public void Neighbouring_messages_get_unrelated_addresses()
    {
        using var path = new ReturnPath(Secret, "example.org");

        var (a, b) = (path.For(1000), path.For(1001));

        var common = a.Zip(b).Skip("bounces+".Length).TakeWhile(pair => pair.First == pair.Second).Count();
        Assert.True(common < 4, $"{a} and {b} share a prefix of {common}");
    }

    [Theory]
    [InlineData("bounces+aaaaaaaaaaaaaaaaaaaaaaaaaa@example.org")]
    [InlineData("bounces+short@example.org")]
    [InlineData("bounces@example.org")]
    [InlineData("someone@example.org")]
    [InlineData("bounces+!aaaaaaaaaaaaaaaaaaaaaaaaa@example.org")]
    public void An_address_we_did_not_make_is_refused(string forged)
    {
        using var path = new ReturnPath(Secret, "example.org");

        Assert.False(path.TryRead(forged, out _));
    }

    [Fact]
    public void An_address_of_another_key_or_domain_is_refused()
    {
        using var ours = new ReturnPath(Secret, "example.org");
        using var other = new ReturnPath(RandomNumberGenerator.GetBytes(32), "example.org");

        Assert.False(ours.TryRead(other.For(7), out _));
        Assert.False(ours.TryRead(ours.For(7).Replace("example.org", "example.com", StringComparison.Ordinal), out _));
    }
}
