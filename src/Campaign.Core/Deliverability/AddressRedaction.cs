using System.Text.RegularExpressions;

namespace Campaign.Core.Deliverability;

/// <summary>
/// Remote servers quote addresses in their reasons ("550 5.1.1 &lt;ana@…&gt;: no such user"); what we keep
/// of such a reason keeps the words, not the address.
/// </summary>
public static partial class AddressRedaction
{
    public const string Placeholder = "<the supporter's address>";

    public static string Redact(string text, string placeholder = Placeholder) => AddressLike().Replace(text, placeholder);

    [GeneratedRegex(@"<?[^\s<>@]+@[^\s<>@]+>?")]
    private static partial Regex AddressLike();
}
