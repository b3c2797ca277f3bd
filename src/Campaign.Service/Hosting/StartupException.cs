namespace Campaign.Service.Hosting;

/// <summary>A start-up problem that the operator fixes: printed as one line, without a stack trace.</summary>
public sealed class StartupException(string message) : Exception(message);
