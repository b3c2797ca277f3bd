using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Campaign.Core.Campaigns;

/// <summary>Reads office hours written as "Mon-Fri 09:00-17:00", "Mon,Wed 10:00-12:00" or "Sat 10:00-12:00".</summary>
public static class OfficeHoursParser
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static bool TryParse(string text, [NotNullWhen(true)] out OfficeHours? hours, [NotNullWhen(false)] out string? error)
    {
        hours = null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            error = "expected days and hours like \"Mon-Fri 09:00-17:00\"";
            return false;
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var item in parts[0].Split(','))
        {
            if (!TryAddDays(item, days, out error)) return false;
        }

        var times = parts[1].Split('-');
        if (times.Length != 2 || !TryParseTime(times[0], out var opens) || !TryParseTime(times[1], out var closes))
        {
            error = $"'{parts[1]}' is not a time range like 09:00-17:00";
            return false;
        }

        if (opens >= closes)
        {
            error = $"opens at {times[0]} but closes at {times[1]}; the office must open before it closes";
            return false;
        }

        hours = new OfficeHours(days, opens, closes, text);
        error = null;
        return true;
    }

    private static bool TryAddDays(string item, HashSet<DayOfWeek> days, [NotNullWhen(false)] out string? error)
    {
        var ends = item.Split('-');
        if (ends.Length is < 1 or > 2 || !TryParseDay(ends[0], out var first) || !TryParseDay(ends[^1], out var last))
        {
            error = $"'{item}' is not a day or range of days (Mon, Tue, Wed, Thu, Fri, Sat, Sun)";
            return false;
        }

        // A range may wrap over the week's end: "Sat-Mon" is Saturday, Sunday and Monday.
        for (var day = first; ; day = (DayOfWeek)(((int)day + 1) % 7))
        {
            days.Add(day);
            if (day == last) break;
        }

        error = null;
        return true;
    }

    private static bool TryParseDay(string text, out DayOfWeek day)
    {
        var index = Array.IndexOf(DayNames, text.ToLowerInvariant());
        day = (DayOfWeek)Math.Max(index, 0);
        return index >= 0;
    }

    private static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
