using Campaign.Service.Cli;
using Campaign.Service.Hosting;

// One executable, several verbs (SPEC §7): serve (the default), validate, preview, migrate, status, erase, rotate-key, dkim, ledger.
// Korean and Chinese mail still comes in legacy charsets (EUC-KR, GB2312, Big5): MimeKit decodes them only
// if .NET's code pages are registered before it first meets a charset.
System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
var command = CommandLine.Parse(args);
return command.Verb switch
{
    "serve" => await ServeCommand.RunAsync(command),
    "validate" => ValidateCommand.Run(command),
    "preview" => await PreviewCommand.RunAsync(command),
    "migrate" => await DatabaseCommands.MigrateAsync(command),
    "status" => await DatabaseCommands.StatusAsync(command),
    "erase" => await DatabaseCommands.EraseAsync(command),
    "rotate-key" => await RotateKeyCommand.RunAsync(command),
    "dkim" => await DkimCommand.RunAsync(command),
    "ledger" => await LedgerCommand.RunAsync(command),
    _ => Usage(command.Verb),
};

static int Usage(string verb)
{
    Console.Error.WriteLine($"campaign: unknown verb '{verb}'. Use one of: {string.Join(", ", CommandLine.Verbs)}.");
    Console.Error.WriteLine("  serve [--role web|worker|all]   validate [dir]   preview <slug> [--kind K] [--target ID] [--lang xx]   migrate   status   erase <email>   rotate-key   dkim [--check [--dns HOST[:PORT]]]   ledger verify <slug> [--head HASH]   ledger export <slug> [--target ID] [--out DIR]");
    return 2;
}

/// <summary>Visible to the tests, which start the service in-process.</summary>
public partial class Program;
