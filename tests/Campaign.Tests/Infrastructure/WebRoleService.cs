namespace Campaign.Tests.Infrastructure;

/// <summary>
/// The in-process service in the web role only: it serves HTTP and sends nothing, so the worker processes a test
/// starts (<see cref="WorkerProcess"/>) do all the sending.
/// </summary>
public class WebRoleService : ServiceFixture
{
    protected override IEnumerable<string> ExtraSettings => ["--role=web"];
}
