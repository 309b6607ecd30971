namespace EENet.Repro.Tests;

/// <summary>The command line run in-process, with its exit code and both output streams captured.</summary>
public static class CliRun
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
