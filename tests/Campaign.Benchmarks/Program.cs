using Campaign.Benchmarks;

// The load and throughput harness. Scenarios print a table; they are measurements, not tests.
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- send [--messages 20000] [--warmup 20000] [--naive 500] [--sink capture]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- seal [--signatures 200000] [--rows 100000]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- reads [--seconds 10] [--connections 64] [--signatures 1000000]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- confirmations [--messages 40000] [--warm 2] [--Section:Key=value for the service...]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- million [--messages 1000000]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- intake [--seconds 60] [--connections 64] [--rate 1000] [--rate-seconds 30]
var verb = args.FirstOrDefault() ?? "send";
int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
}

switch (verb)
{
    case "send":
        var messages = Option("--messages", 20_000);
        await SendScenario.RunAsync(messages, Option("--naive", 500), Option("--warmup", messages), !args.Contains("capture"));
        return 0;
    case "seal":
        await SealScenario.RunAsync(Option("--signatures", 200_000), Option("--rows", 100_000));
        return 0;
    case "reads":
        await ReadsScenario.RunAsync(Option("--seconds", 10), Option("--connections", 64), Option("--signatures", 1_000_000));
        return 0;
    case "confirmations":
        await ConfirmationsScenario.RunAsync(Option("--messages", 40_000), Option("--warm", 2), [.. args.Where(a => a.Contains(':') && a.Contains('='))]);
        return 0;
    case "intake":
        await IntakeScenario.RunAsync(Option("--seconds", 60), Option("--connections", 64), Option("--rate", 1000), Option("--rate-seconds", 30));
        return 0;
    case "million":
        await MillionScenario.RunAsync(Option("--messages", 1_000_000));
        return 0;
    default:
        Console.Error.WriteLine($"unknown scenario '{verb}'; scenarios: send, seal, reads, confirmations, intake, million");
        return 2;
}
