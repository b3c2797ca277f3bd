using Campaign.Core.Campaigns;

namespace Campaign.Tests.Campaigns;

public sealed class CountryCodesTests
{
    [Fact]
    public void IsAssigned_List_HoldsAllTwoHundredFortyNineCodes() => Assert.Equal(249, CountryCodes.Count);

    [Theory]
    [InlineData("LA", true)]
    [InlineData("CN", true)]
    [InlineData("CH", true)]
    [InlineData("KP", true)]
    [InlineData("la", false)]
    [InlineData("UK", false)]
    [InlineData("LAO", false)]
    public void IsAssigned_Code_AcceptsOnlyUpperCaseAssignedCodes(string code, bool assigned) =>
        Assert.Equal(assigned, CountryCodes.IsAssigned(code));
}
