using System.CommandLine;
using System.Diagnostics;
using EENet.Repro.Experiments;

namespace EENet.Repro.Cli.Commands;

/// <summary>
/// <c>reproduce rq1|rq2|rq3|rq4|all</c>: runs (or loads from results/) the same experiment code the notebooks run and
/// prints the summary and the paper-check table.
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create(CliIO io)
    {
        var question = new Argument<string>("question") { Description = "rq1, rq2, rq3, rq4 or all." };
        question.Validators.Add(r =>
        {
            var v = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (!ResearchQuestions.Names.Append("all").Contains(v.ToLowerInvariant()))
                r.AddError($"question: '{v}' is not one of rq1, rq2, rq3, rq4, all.");
        });
        var profile = CommonOptions.OneOf("--profile", $"smoke (seconds, offline data, not comparable), quick (about 15 min per RQ on a laptop CPU) or full (paper configurations, GPU). Default: ${Profiles.Variable}, else full with CUDA and quick without.", "", "", "smoke", "quick", "full");
        var results = new Option<string?>("--results") { Description = $"Results folder (default: ${ExperimentRunner.ResultsDirVariable} or ./results). Finished runs are reused." };
        var retrain = new Option<bool>("--retrain") { Description = "Train again even when results exist." };
        var dataDir = CommonOptions.DataDir();
        var device = CommonOptions.Device();
        var command = new Command("reproduce", "Reproduce a research question of the paper and check the results against the paper's numbers.")
        {
            question, profile, results, retrain, dataDir, device,
        };
        command.SetAction(r => io.Guard(() =>
        {
            var chosen = Profiles.Resolve(r.GetValue(profile));
            var names = r.GetValue(question)!.ToLowerInvariant() == "all" ? ResearchQuestions.Names : [r.GetValue(question)!.ToLowerInvariant()];
            var progress = new ConsoleProgress(io.Out, io.Error, interactive: io.Interactive, quiet: true);
            var runner = new ExperimentRunner(r.GetValue(results) ?? ExperimentRunner.DefaultResultsDir, r.GetValue(dataDir), r.GetValue(device)!,
                r.GetValue(retrain), progress, line => io.Out.WriteLine(line));
            var failed = 0;
            foreach (var name in names)
            {
                var clock = Stopwatch.StartNew();
                var result = ResearchQuestions.Run(name, chosen, runner);
                io.Out.WriteLine();
                io.Out.WriteLine($"== {name.ToUpperInvariant()}: {result.Question}");
                io.Out.WriteLine($"profile {chosen.Name()} ({(result.Comparable ? "compared with the paper" : "NOT comparable to the paper")}); {clock.Elapsed.TotalMinutes:F1} min");
                io.Out.WriteLine(result.Cuts);
                io.Out.WriteLine();
                Table.Write(io.Out, ExperimentResult.SummaryHeader, result.SummaryRows());
                io.Out.WriteLine();
                Table.Write(io.Out, ExperimentResult.CheckHeader, result.CheckRows());
                failed += result.Checks.Count(c => c.Verdict == Paper.Verdict.Fail);
            }
            io.Out.WriteLine();
            io.Out.WriteLine(failed == 0 ? "No paper check failed." : $"{failed} paper check(s) failed: see the tables above (a reproduction result, not an error of the kit).");
            return 0;
        }));
        return command;
    }
}

/// <summary>Plain fixed-width tables for the console.</summary>
internal static class Table
{
    public static void Write(TextWriter w, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => Math.Min(60, all.Max(r => r[i].Length))).ToArray();
        foreach (var (row, index) in all.Select((r, i) => (r, i)))
        {
            w.WriteLine(string.Join("  ", row.Select((cell, i) => (cell.Length > widths[i] ? cell[..(widths[i] - 1)] + "…" : cell).PadRight(widths[i]))).TrimEnd());
            if (index == 0) w.WriteLine(string.Join("  ", widths.Select(x => new string('-', x))));
        }
    }
}
