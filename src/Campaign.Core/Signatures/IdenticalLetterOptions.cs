using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Signatures;

/// <summary>When a supporter's letter is one text of many and goes out as the campaign's own letter (<c>Abuse:</c>).</summary>
public sealed class IdenticalLetterOptions
{
    public const string Section = "Abuse";

    /// <summary>
    /// A letter whose normalised text at least this many other live signatures of the campaign share is sent as
    /// the campaign's letter: twenty people typing the same sentence is a copied text, not twenty personal
    /// letters, and a flood of one text then reads to a ministry as the campaign's letter, not as spam in
    /// supporters' names. Real personal letters hardly ever match even once.
    /// </summary>
    [Range(1, 1_000_000)]
    public int IdenticalLettersLimit { get; set; } = 20;
}
