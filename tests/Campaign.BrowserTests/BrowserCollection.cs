namespace Campaign.BrowserTests;

/// <summary>One service and one Chromium for all browser tests: the machine is small and shared.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
