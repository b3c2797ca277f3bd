namespace Campaign.Service.Abuse;

/// <summary>The proof-of-work challenge's registration and its public routes.</summary>
public static class Challenges
{
    /// <summary>Registers the gate with <c>Abuse:Challenge:*</c>, checked at start.</summary>
    public static IServiceCollection AddSigningGate(this IServiceCollection services)
    {
        services.AddOptions<ChallengeOptions>().BindConfiguration(ChallengeOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Lifetime >= TimeSpan.FromMinutes(1) && o.Lifetime <= TimeSpan.FromDays(1), "Abuse:Challenge:Lifetime must be between 00:01:00 and 1.00:00:00.")
            .ValidateOnStart();
        services.AddSingleton<ProofOfWork>();
        services.AddSingleton<SigningGate>();
        return services;
    }

    /// <summary>
    /// <c>GET /api/challenge</c>: a fresh challenge for API clients that would rather solve one before signing than
    /// after a refusal; and the page's script.
    /// </summary>
    public static IEndpointRouteBuilder MapChallenges(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/challenge", (HttpContext http, ProofOfWork work) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(work.Issue());
        }).WithTags("Public API");
        app.MapChallengeScript();
        return app;
    }

    /// <summary>The API's answer to an attempt the gate stopped: a 400 naming the field, with a fresh challenge to solve.</summary>
    public static IResult Problem(GateAnswer answer) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [Api.SignatureForm.ChallengeField] = [Message(answer.Check)] },
        title: "Solve the challenge to sign.",
        detail: "Many signatures came from this network or to this campaign just now. Find the number whose SHA-256 with the salt "
            + "gives 'challenge' (ALTCHA format) and send the solution as the field 'challenge'.",
        extensions: new Dictionary<string, object?> { [Api.SignatureForm.ChallengeField] = answer.Challenge });

    public static string Message(WorkCheck check) => check switch
    {
        WorkCheck.Invalid => "is not a solution of a challenge this service issued",
        WorkCheck.Expired => "has expired: solve the new challenge",
        WorkCheck.Used => "was used already: solve the new challenge",
        _ => "is required: solve the challenge in this answer",
    };
}
