using System.CommandLine;
using EENet.Repro.Cli.Commands;

namespace EENet.Repro.Cli;

/// <summary>The command tree; callable in-process (tests) with any writers.</summary>
public static class Cli
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("EENet.Repro: build, cost, train and evaluate early-exit CNNs (EENets, arXiv:2409.05336).");
        var io = new CliIO(output, error);
        root.Subcommands.Add(DescribeCommand.Create(io));
        root.Subcommands.Add(TrainCommand.Create(io));
        root.Subcommands.Add(EvaluateCommand.Create(io));
        root.Subcommands.Add(SweepCommand.Create(io));
        root.Subcommands.Add(BenchCommand.Create(io));
        root.Subcommands.Add(ReproduceCommand.Create(io));
        var parse = root.Parse(args);
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}

/// <summary>Where a command writes; errors go to Error with a short reason and exit code 2.</summary>
public sealed record CliIO(TextWriter Out, TextWriter Error)
{
    /// <summary>Progress bars redraw in place only on a real terminal; redirected or in-process output gets lines.</summary>
    public bool Interactive => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    public int Fail(string message)
    {
        Error.WriteLine($"error: {message}");
        return 2;
    }

    /// <summary>Runs a command body, turning the kit's expected failures into one clear line and exit code 2.</summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or InvalidDataException
                                      or NotSupportedException or Training.TrainingDivergedException or OperationCanceledException)
        {
            return Fail(e.Message);
        }
    }
}
