using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>The writer's queue is full: the signature was not taken, and nothing of it was written.</summary>
public sealed class SigningQueueFullException() : Exception("The signing queue is full.");

/// <summary>The signature's batch, and then the signature alone, could not be written: nothing of it stands.</summary>
public sealed class SigningFailedException(Exception inner) : Exception("The signature could not be recorded.", inner);

/// <summary>
/// Group commit for signing. Requests validate their signature, then hand it here and wait; one loop takes
/// whatever has queued up since its last commit (up to <see cref="SigningOptions.BatchSize"/>) and signs it in one
/// transaction (<see cref="SignatureBook.SignManyAsync"/>), with PostgreSQL's commit as durable as ever. Each request
/// is answered only after its batch committed. A lone signature waits for no one.
/// </summary>
/// <remarks>
/// A batch that fails is retried one signing at a time, so one signature that breaks a rule no check caught (a
/// campaign closing underneath, a key collision) fails alone and the others stand. After a batch, one surge check
/// per source in it: a flood from one network costs one check per commit, not one per signature.
/// </remarks>
public sealed partial class SignatureWriter(SignatureBook book, SurgeWatch surges, IOptions<SigningOptions> options, ILogger<SignatureWriter> logger)
    : BackgroundService
{
    private readonly Channel<Waiting> queue = Channel.CreateBounded<Waiting>(new BoundedChannelOptions(options.Value.QueueLimit)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Signings waiting for the writer now (for the metrics).</summary>
    public int QueueLength => queue.Reader.Count;

    /// <summary>Queues the signing and completes when its batch has committed.</summary>
    /// <exception cref="SigningQueueFullException">At once, when <see cref="SigningOptions.QueueLimit"/> are waiting.</exception>
    /// <exception cref="SigningFailedException">When it could not be written.</exception>
    /// <remarks>Not cancellable: once queued, a signing is written whether or not its client still waits.</remarks>
    public Task<SignOutcome> SignAsync(Signing signing)
    {
        if (!options.Value.GroupCommit) return SignAloneAsync(signing);
        var waiting = new Waiting(signing, new TaskCompletionSource<SignOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        return queue.Writer.TryWrite(waiting) ? waiting.Done.Task : Task.FromException<SignOutcome>(new SigningQueueFullException());
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // What is queued is still written: each of those requests is waiting for its answer.
        queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batchSize = options.Value.BatchSize;
        var batch = new List<Waiting>(batchSize);
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < batchSize && queue.Reader.TryRead(out var waiting)) batch.Add(waiting);
            var taken = await WriteAsync(batch);
            await CheckSurgesAsync(taken);
            batch.Clear();
        }
    }

    /// <returns>The signings that made a new signature.</returns>
    private async Task<List<Signing>> WriteAsync(List<Waiting> batch)
    {
        try
        {
            var outcomes = await book.SignManyAsync(batch.ConvertAll(w => w.Signing), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(outcomes[i]);
            return [.. batch.Where((_, i) => outcomes[i] == SignOutcome.Pending).Select(w => w.Signing)];
        }
        catch (Exception e) when (batch.Count > 1)
        {
            LogBatchFailed(batch.Count, e.GetType().Name);
            var taken = new List<Signing>();
            foreach (var waiting in batch) taken.AddRange(await WriteAsync([waiting]));
            return taken;
        }
        catch (Exception e)
        {
            // The campaign and the error's kind only: the message of a constraint error may quote the row.
            LogSigningFailed(batch[0].Signing.Campaign.Slug, e.GetType().Name);
            batch[0].Done.TrySetException(new SigningFailedException(e));
            return [];
        }
    }

    /// <summary>One transaction per signature, in the request (<see cref="SigningOptions.GroupCommit"/> off).</summary>
    private async Task<SignOutcome> SignAloneAsync(Signing signing)
    {
        var waiting = new Waiting(signing, new TaskCompletionSource<SignOutcome>());
        await CheckSurgesAsync(await WriteAsync([waiting]));
        return await waiting.Done.Task;
    }

    private async Task CheckSurgesAsync(List<Signing> taken)
    {
        var sources = taken.GroupBy(s => (s.Campaign.Slug, Domain(s.Request.Email), s.Source.Network, s.Request.Country)).Select(g => g.First());
        foreach (var signing in sources)
        {
            try
            {
                await surges.CheckAsync(signing.Campaign, signing.Request, signing.Source, CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The signatures stand either way: a surge check that fails is the dashboard's loss, not the signers'.
                LogSurgeCheckFailed(signing.Campaign.Slug, e.GetType().Name);
            }
        }
    }

    // Near enough to group one batch's signings by source; the watch computes the canonical domain's key itself.
    private static string Domain(string email) => email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();

    private sealed record Waiting(Signing Signing, TaskCompletionSource<SignOutcome> Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} signatures failed ({Error}); signing them one by one")]
    private partial void LogBatchFailed(int count, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A signature in campaign {Campaign} could not be recorded ({Error}); its signer was told to try again")]
    private partial void LogSigningFailed(string campaign, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The surge check after signatures in {Campaign} failed ({Error})")]
    private partial void LogSurgeCheckFailed(string campaign, string error);
}
