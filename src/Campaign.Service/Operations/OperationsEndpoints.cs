using Npgsql;

namespace Campaign.Service.Operations;

/// <summary>Liveness, readiness (the database answers) for load balancers and orchestrators.</summary>
public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/alive", () => TypedResults.Text("alive"));
        app.MapGet("/health", async (NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var command = dataSource.CreateCommand("select 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return Results.Text("ready");
            }
            catch (NpgsqlException)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The database is not reachable.");
            }
        });
        return app;
    }
}
