namespace Campaign.Core.Campaigns;

public sealed record Target(
    string Id,
    string Name,
    string Country,
    string Email,
    string Language,
    string TimeZone,
    int MaxPerHour,
    OfficeHours? OfficeHours);
