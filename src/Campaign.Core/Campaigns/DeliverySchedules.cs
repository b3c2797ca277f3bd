using Cronos;

namespace Campaign.Core.Campaigns;

/// <summary>The cron dialect of <c>delivery.schedule</c>: five fields, read in each target's time zone.</summary>
public static class DeliverySchedules
{
    public static bool IsValidCron(string text)
    {
        try
        {
            CronExpression.Parse(text, CronFormat.Standard);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }
}
