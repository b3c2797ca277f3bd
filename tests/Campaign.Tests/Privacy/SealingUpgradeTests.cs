using System.Net;
using System.Security.Cryptography;
using System.Text;
using Campaign.Core.Signatures;
using Campaign.Core.Storage;
using Campaign.Service.MailCapture;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Privacy;

/// <summary>
/// A database from before sealing, with a supporter, a token secret and a captured email in plain text: the
/// first start seals them all, and the supporter's old links and details still work.
/// </summary>
public sealed class SealingUpgradeTests(SealingUpgradeTests.Fixture service) : IClassFixture<SealingUpgradeTests.Fixture>
{
    private const string Email = "Old.Timer@example.org";
    private const string Name = "Old Timer";
    private static readonly byte[] OldSecret = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] OldCapture = Encoding.UTF8.GetBytes($"To: {Email}\r\nSubject: Please confirm\r\n\r\nHello {Name}\r\n");

    public sealed class Fixture : ServiceFixture
    {
        public long SignatureId { get; private set; }
        public long CapturedId { get; private set; }

        /// <summary>The schema as the previous version left it, and what it kept in clear.</summary>
        protected override async Task PrepareDatabaseAsync(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync("create table schema_migrations (version text primary key, applied_at timestamptz not null default now())");
            foreach (var (version, sql) in Migrator.LoadMigrations().Where(m => string.CompareOrdinal(m.Version, "0010") < 0))
            {
                await connection.ExecuteAsync(sql);
                await connection.ExecuteAsync("insert into schema_migrations (version) values (@version)", new { version });
            }
            await connection.ExecuteAsync("insert into campaigns (slug, kind, status) values (@slug, 'petition', 'active')", new { slug = TestCampaigns.Petition });
            await connection.ExecuteAsync("insert into app_secrets (name, value) values ('supporter-tokens', @OldSecret)", new { OldSecret });
            SignatureId = await connection.ExecuteScalarAsync<long>("""
                insert into signatures (campaign, email, email_key, name, country, locale, comment, status, confirmed_at)
                values (@slug, @Email, lower(@Email), @Name, 'KR', 'en', 'kept from before', 'confirmed', now()) returning id
                """, new { slug = TestCampaigns.Petition, Email, Name });
            CapturedId = await connection.ExecuteScalarAsync<long>(
                "insert into captured_mail (mail_from, recipients, subject, message_id, raw) values ('c@campaign.example', @to, 'Please confirm', 'old@x', @OldCapture) returning id",
                new { to = new[] { Email }, OldCapture });
        }
    }

    [Fact]
    public async Task FirstStart_SealsWhatWasKeptInClear_AndOldLinksStillWork()
    {
        var row = await service.QueryScalarAsync<byte[]>("select name from signatures where id = @id", new { id = service.SignatureId });
        Assert.DoesNotContain(Name, Encoding.UTF8.GetString(row), StringComparison.Ordinal);
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from signatures where sealed_with = 0"));
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from app_secrets"));
        Assert.Equal(service.AddressKey(Email), await service.QueryScalarAsync<string>("select email_key from signatures where id = @id", new { id = service.SignatureId }));

        var supporter = (await service.SupporterAsync(service.SignatureId))!;
        Assert.Equal((Name, Email, "kept from before"), (supporter.Name, supporter.Email, supporter.Comment));
        // Signing again with the same address is still "already signed": the lookup key was recomputed.
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(Email.ToLowerInvariant()));
        Assert.Equal(1L, await service.QueryScalarAsync<long>("select count(*) from signatures"));

        // A withdrawal link emailed before the upgrade, signed with the old secret, still works.
        var link = new SupporterTokens(OldSecret, TimeProvider.System).Issue(TokenPurpose.Unsubscribe, service.SignatureId);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync($"/unsubscribe/{link}")).StatusCode);

        var captured = service.Service.Services.GetRequiredService<CapturedMailStore>();
        Assert.Equal(OldCapture, await captured.RawAsync(service.CapturedId, CancellationToken.None));
        Assert.DoesNotContain(Name, Encoding.UTF8.GetString(await service.QueryScalarAsync<byte[]>("select raw from captured_mail")), StringComparison.Ordinal);
    }
}
