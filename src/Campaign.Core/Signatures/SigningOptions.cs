using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Signatures;

/// <summary>How signatures are written under load (<c>Signing:</c>): see <see cref="SignatureWriter"/>.</summary>
public sealed class SigningOptions
{
    public const string Section = "Signing";

    /// <summary>
    /// At most this many signatures in one transaction. A batch forms only from what is waiting when the writer is
    /// free, so at low load each signature commits alone, at once; under a surge one commit carries many.
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// Signatures waiting for the writer; one more is refused at once with <c>503</c> and <c>Retry-After</c>
    /// instead of waiting until its client gives up. Eight batches: about a second of a surge at full speed.
    /// </summary>
    [Range(1, 1_000_000)]
    public int QueueLimit { get; set; } = 2048;

    /// <summary>
    /// False signs each signature in its own transaction, in its request, as before group commit (issue 14): the
    /// intake benchmark's "naive design" row. Kept off the product's path otherwise; leave it true.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>What a refused signer is told to wait.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);
}
