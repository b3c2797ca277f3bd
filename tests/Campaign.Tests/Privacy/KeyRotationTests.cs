using System.Net;
using System.Net.Http.Json;
using Campaign.Core.Privacy;
using Campaign.Service.Cli;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Privacy;

/// <summary>
/// <c>rotate-key</c> on a running service: everything re-sealed under the new key, nothing lost, the service
/// serving throughout; a wrong or missing old key changes nothing; a run cut short resumes.
/// </summary>
public sealed class KeyRotationTests(KeyRotationTests.Fixture service) : IClassFixture<KeyRotationTests.Fixture>
{
    public sealed class Fixture : ServiceFixture;

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RotateKey_WhileTheServiceRuns_ResealsEverythingAndTheOldLinksStillWork()
    {
        var before = await SignAsync("rotate-before");
        var token = await service.ConfirmationTokenForAsync("rotate-before@example.org");
        var oldKey = service.DataKey;
        var newKey = MasterKey.Generate().Text;

        var rotation = RotateAsync(newKey, oldKey);
        // The service still runs with the old key only, and keeps signing and sending while the rotation works.
        var during = await SignAsync("rotate-during");
        await service.ConfirmationTokenForAsync("rotate-during@example.org");
        var (exit, output, errors) = await rotation;

        Assert.True(exit == 0, errors);
        Assert.Contains("rows re-sealed", output, StringComparison.Ordinal);
        Assert.Contains("rotate-key: done", output, StringComparison.Ordinal);
        Assert.Equal(0L, await service.QueryScalarAsync<long>(
            "select count(*) from signatures where sealed_with <> (select max(id) from data_keys where purpose = 'fields')"));
        Assert.Equal(1L, await service.QueryScalarAsync<long>("select count(distinct master_id) from data_keys"));
        Assert.Equal("rotate-during", (await service.SupporterAsync(during))!.Name);

        service.DataKey = newKey;
        await service.RestartAsync(_ => { });
        Assert.Equal("rotate-before", (await service.SupporterAsync(before))!.Name);
        Assert.Equal("rotate-during", (await service.SupporterAsync(during))!.Name);
        // The token secret moved with the keys: a link emailed before the rotation still confirms.
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsJsonAsync("/api/confirmations", new { token })).StatusCode);

        service.DataKey = oldKey;
        var refused = await Assert.ThrowsAsync<StartupException>(() => service.RestartAsync(_ => { }));
        Assert.StartsWith("Privacy:DataKey:", refused.Message, StringComparison.Ordinal);
        service.DataKey = newKey;
        await service.RestartAsync(_ => { });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RotateKey_WithAWrongOrMissingOldKey_StopsBeforeChangingAnything(bool oldKeyGiven)
    {
        await SignAsync($"rotate-wrong-{oldKeyGiven}");
        const string Snapshot = """
            select md5(coalesce((select string_agg(purpose || id || master_id || encode(wrapped, 'hex'), ',' order by purpose, id, master_id) from data_keys), '')
                || coalesce((select string_agg(id || encode(coalesce(name, ''), 'hex') || sealed_with, ',' order by id) from signatures), ''))
            """;
        var before = await service.QueryScalarAsync<string>(Snapshot);

        var (exit, _, errors) = await RotateAsync(MasterKey.Generate().Text, oldKeyGiven ? MasterKey.Generate().Text : null);

        Assert.Equal(1, exit);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Privacy:PreviousDataKey", line, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", line, StringComparison.Ordinal);
        Assert.Equal(before, await service.QueryScalarAsync<string>(Snapshot));
    }

    [Fact]
    public async Task RotateKey_CutShort_LeavesEveryRowReadableAndResumes()
    {
        var vault = service.Service.Services.GetRequiredService<SupporterVault>();
        await BulkSigners.QueueConfirmationsAsync(service.ConnectionString, vault, TestCampaigns.Paused, "rotate-crash", 1, 1_200);
        var sample = await service.QueryScalarAsync<long>("select max(id) from signatures");
        var oldKey = service.DataKey;
        var newKey = MasterKey.Generate().Text;

        using (var crash = new CancellationTokenSource())
        {
            // Cut short as soon as the first batch is reported: the rest still under the old key.
            var (exit, _, _) = await RotateAsync(newKey, oldKey, new CancelOnWrite("rows re-sealed", crash), crash.Token);
            Assert.NotEqual(0, exit);
        }
        Assert.InRange(await service.QueryScalarAsync<long>(
            "select count(*) from signatures where sealed_with <> (select max(id) from data_keys where purpose = 'fields')"), 1, 1_200);
        Assert.Equal("Supporter 1200", (await service.SupporterAsync(sample))!.Name);

        var (again, output, errors) = await RotateAsync(newKey, oldKey);

        Assert.True(again == 0, errors);
        Assert.Contains("rotate-key: done", output, StringComparison.Ordinal);
        service.DataKey = newKey;
        await service.RestartAsync(_ => { });
        Assert.Equal("Supporter 1200", (await service.SupporterAsync(sample))!.Name);
    }

    private async Task<long> SignAsync(string name)
    {
        var email = $"{name}@example.org";
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(email, name))).StatusCode);
        return await service.QueryScalarAsync<long>("select id from signatures where email_key = @key", new { key = service.AddressKey(email) });
    }

    private async Task<(int Exit, string Output, string Errors)> RotateAsync(string newKey, string? oldKey, TextWriter? output = null,
        CancellationToken cancellationToken = default)
    {
        output ??= new StringWriter();
        var errors = new StringWriter();
        string[] args = ["rotate-key", $"--ConnectionStrings:Campaign={service.ConnectionString}", $"--Privacy:DataKey={newKey}",
            .. oldKey is null ? Array.Empty<string>() : [$"--Privacy:PreviousDataKey={oldKey}"]];
        int exit;
        try
        {
            exit = await RotateKeyCommand.RunAsync(CommandLine.Parse(args), output, errors, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            exit = -1;
        }
        return (exit, output.ToString() ?? "", errors.ToString());
    }

    /// <summary>Output that cancels the run the moment a line containing <paramref name="marker"/> is written.</summary>
    private sealed class CancelOnWrite(string marker, CancellationTokenSource source) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(marker, StringComparison.Ordinal) == true) source.Cancel();
        }
    }
}
