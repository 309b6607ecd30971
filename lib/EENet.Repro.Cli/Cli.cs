using System.CommandLine;
using EENet.Repro.Cli.Commands;
using EENet.Repro.Data;
using EENet.Repro.Training;

namespace EENet.Repro.Cli;

/// <summary>
/// The command tree; callable in-process (tests) with any writers. Exit codes: 0 success; 2 bad input (data, options,
/// checkpoints: one line naming the file or option and what to do); 1 an unexpected error (a bug); 130 interrupted (the
/// last checkpoint intact); 3 <c>reproduce --fail-on-check</c> with a failing paper check.
/// </summary>
public static class Cli
{
    public const int Success = 0, Unexpected = 1, BadInput = 2, CheckFailed = 3, Interrupted = 130;

    public const string ExitCodesHelp =
        "Exit codes: 0 success; 2 bad input (data, options, checkpoints); 1 unexpected error (a bug: please report it); " +
        "130 interrupted (the last checkpoint is intact: rerun with --resume); 3 a paper check failed (reproduce --fail-on-check).";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "EENet.Repro: build, cost, train and evaluate early-exit CNNs (EENets, arXiv:2409.05336). " + ExitCodesHelp);
        var io = new CliIO(output, error);
        root.Subcommands.Add(DescribeCommand.Create(io));
        root.Subcommands.Add(TrainCommand.Create(io));
        root.Subcommands.Add(EvaluateCommand.Create(io));
        root.Subcommands.Add(SweepCommand.Create(io));
        root.Subcommands.Add(BenchCommand.Create(io));
        root.Subcommands.Add(ReproduceCommand.Create(io));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line naming the option and what it accepts, not the whole help page.
            var command = string.Join(' ', parse.CommandResult.Command.Name == root.Name ? [] : new[] { parse.CommandResult.Command.Name });
            error.WriteLine($"error: {parse.Errors[0].Message}");
            error.WriteLine($"Run 'eenet {command}{(command.Length > 0 ? " " : "")}--help' for the options and their ranges.");
            return BadInput;
        }
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}

/// <summary>Where a command writes; turns every failure into one clear line and its exit code.</summary>
public sealed record CliIO(TextWriter Out, TextWriter Error)
{
    /// <summary>Progress bars redraw in place only on a real terminal; redirected or in-process output gets lines.</summary>
    public bool Interactive => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    public int Fail(string message)
    {
        Error.WriteLine($"error: {message}");
        return Cli.BadInput;
    }

    /// <summary>Runs a command body: bad input → 2, interruption → 130, anything else is a bug → 1, each with one clear message.</summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            Error.WriteLine("interrupted: stopped at your request. A training run keeps its last completed epoch in last.ckpt: run the " +
                            "same command with --resume to continue it.");
            return Cli.Interrupted;
        }
        catch (Exception e) when (IsBadInput(e))
        {
            return Fail(e.Message);
        }
        catch (Exception e)
        {
            Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            Error.WriteLine($"  at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "(no stack)"}");
            Error.WriteLine("This is a bug in EENet.Repro, not a problem with your input. Please report it in the project's issue " +
                            "tracker with the command line and this message.");
            return Cli.Unexpected;
        }
    }

    private static bool IsBadInput(Exception e) => e is ArgumentException or DatasetNotFoundException or DatasetFormatException
        or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException
        or InvalidOperationException or TrainingDivergedException or NotSupportedException or IOException;
}
