namespace Campaign.Core.Privacy;

/// <summary>A data key is missing, malformed or not the one the database was sealed with; the message names the setting.</summary>
public sealed class DataKeyException(string message) : Exception(message);
