namespace Campaign.Core.Signatures;

public sealed record SignatureOrigin(string Campaign, string Language);
