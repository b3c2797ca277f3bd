namespace Campaign.Core.Outbox;

/// <summary>The kinds of email (SPEC §6, and updates to signers), as stored in <c>messages.kind</c>.</summary>
public static class MessageKind
{
    public const string Confirmation = "confirmation";
    public const string Letter = "letter";
    public const string Delivery = "delivery";
    public const string Notice = "notice";

    /// <summary>An organizer's news, to a supporter who asked for updates.</summary>
    public const string Update = "update";

    public static readonly IReadOnlyList<string> All = [Confirmation, Letter, Delivery, Notice, Update];

    /// <summary>Mail to a government or institution: never resent blindly, held while a campaign is paused, throttled per target.</summary>
    public static bool GoesToTarget(string kind) => kind is Letter or Delivery;

    /// <summary><see cref="GoesToTarget"/> in SQL, for <c>messages.kind</c> (prefix a table alias: <c>m.{ToTargetSql}</c>).</summary>
    public const string ToTargetSql = $"kind in ('{Letter}', '{Delivery}')";

    /// <summary>The other mail, to supporters and organizers, which no target throttle holds.</summary>
    public const string UnthrottledSql = $"kind in ('{Confirmation}', '{Notice}', '{Update}')";
}
