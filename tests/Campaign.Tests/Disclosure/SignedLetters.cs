using System.Net;
using Campaign.Service.Embedded;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Disclosure;

/// <summary>Signs through the API, confirms from the emailed link, and waits for the letters as the relay received them.</summary>
internal static class SignedLetters
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<CapturedMail>> SignAndSendAsync(ServiceFixture service, string slug, string email, object body)
    {
        var signed = await service.SignAsync(slug, body);
        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
        var token = await service.ConfirmationTokenForAsync(email);
        var confirmed = await service.Client.PostAsync($"/confirm/{token}", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        var id = await service.QueryScalarAsync<long>("select id from signatures where email_key = @key", new { key = service.AddressKey(email) });
        var letters = new List<CapturedMail>();
        await ServiceFixture.EventuallyAsync(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(service.ConnectionString);
            var ids = (await Dapper.SqlMapper.QueryAsync<string>(connection,
                "select message_id from messages where signature_id = @id and kind = 'letter'", new { id })).ToHashSet();
            letters = service.Mailbox.Received.Where(m => ids.Contains(TestMailbox.Parse(m).MessageId ?? "")).ToList();
            return ids.Count > 0 && letters.Count == ids.Count;
        }, Soon, $"the letters of signature {id} reach the relay");
        return letters;
    }
}
