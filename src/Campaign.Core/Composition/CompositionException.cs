namespace Campaign.Core.Composition;

/// <summary>A message that can never be composed (its campaign or target is gone): sending it again will not help.</summary>
public sealed class CompositionException(string message) : Exception(message);
