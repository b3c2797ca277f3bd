using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Targets;

/// <summary>Letters signed before letter keys existed get theirs at the next start, so the copies already queued collapse too.</summary>
public sealed class LetterKeyingTests(TargetsService service) : IClassFixture<TargetsService>
{
    [Fact]
    public async Task Start_LettersWithoutAKey_AreKeyedLikeNewOnes()
    {
        var older = await service.SignDirectlyAsync(TargetsService.Copies, "older@example.org", letterBody: "Let them pass!");
        var newer = await service.SignDirectlyAsync(TargetsService.Copies, "newer@example.org", letterBody: "let them   pass");
        // As a database from before migration 0017 holds it.
        await service.QueryScalarAsync<int>("update signatures set letter_key = null where id = @older returning 1", new { older });

        await service.RestartAsync(_ => { });

        var keyOf = async (long id) => await service.QueryScalarAsync<string?>("select letter_key from signatures where id = @id", new { id });
        Assert.NotNull(await keyOf(older));
        Assert.Equal(await keyOf(newer), await keyOf(older));
    }
}
