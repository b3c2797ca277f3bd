namespace Campaign.Service.Abuse;

/// <summary>Endpoint metadata: requests to this endpoint count against <see cref="Action"/>'s limit.</summary>
public sealed record LimitedAs(LimitedAction Action);

public static class LimitedAsExtensions
{
    /// <summary>Counts each request to these endpoints against the action's limit, per client and per network.</summary>
    public static TBuilder RequireClientLimit<TBuilder>(this TBuilder builder, LimitedAction action) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new LimitedAs(action));
}
