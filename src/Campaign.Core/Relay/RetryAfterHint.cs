using System.Globalization;
using System.Text.RegularExpressions;

namespace Campaign.Core.Relay;

/// <summary>
/// Reads a relay's "come back later" hint from a 4xx reply ("try again in 30 seconds", "retry in 5 minutes",
/// "Retry-After: 120"), so a deferred message waits as long as the relay asked and no less.
/// </summary>
public static partial class RetryAfterHint
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(6);

    public static TimeSpan? Parse(string? reply)
    {
        if (string.IsNullOrEmpty(reply)) return null;
        var match = Hint().Match(reply);
        if (!match.Success) return null;
        var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var delay = unit.StartsWith('h') ? TimeSpan.FromHours(amount)
            : unit.StartsWith('m') ? TimeSpan.FromMinutes(amount)
            : TimeSpan.FromSeconds(amount);
        return delay > Longest ? Longest : delay;
    }

    [GeneratedRegex(@"(?:(?:try|retry)(?:\s+again)?\s+(?:in|after)|retry-after:?)\s*(?<n>\d{1,6})\s*(?<unit>seconds?|secs?|s\b|minutes?|mins?|m\b|hours?|h\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex Hint();
}
