namespace Campaign.Core.Signatures;

/// <summary>The statuses of a signature, as stored in <c>signatures.status</c>.</summary>
public static class SignatureStatus
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Withdrawn = "withdrawn";
    public const string Expired = "expired";

    /// <summary>Only confirmed signatures count, anywhere (SPEC §6), in SQL (prefix a table alias: <c>s.{CountsSql}</c>).</summary>
    public const string CountsSql = $"status = '{Confirmed}'";
}
