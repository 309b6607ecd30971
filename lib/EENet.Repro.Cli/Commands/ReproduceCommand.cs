using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using EENet.Repro.Charts;
using EENet.Repro.Experiments;
using EENet.Repro.Options;
using EENet.Repro.Paper;
using EENet.Repro.Runs;
using EENet.Repro.Runtime;

namespace EENet.Repro.Cli.Commands;

/// <summary>
/// <c>reproduce rq1|rq2|rq3|rq4|all</c>: runs (or loads from the shared results cache) the same experiment code the
/// notebooks run and prints the configurations, summaries, tables and the paper-check table; --json for machines,
/// --report for an offline HTML report, --list / --shard / --jobs to spread runs over processes and machines.
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
                r.AddError($"question: '{v}' is not one of: rq1, rq2, rq3, rq4, all.");
        });
        var profile = new Option<Profile?>("--profile")
        {
            Description = $"smoke (about a minute, offline data, not comparable), quick (real data, a few epochs: indicative) or full " +
                          $"(the paper's configurations: pass / fail; meant for a GPU). Default: ${Profiles.Variable}, else full with " +
                          $"CUDA and quick without.",
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0) return null;
                if (Profiles.Choices.TryParse(r.Tokens[0].Value, out var p)) return p;
                r.AddError($"--profile: '{r.Tokens[0].Value}' is not one of: {Profiles.Choices.Help}.");
                return null;
            },
        };
        var results = new Option<string?>("--results") { Description =
            $"Results folder (default: ${ResultsCache.Variable} or ./results). Finished runs are reused." };
        var retrain = new Option<bool>("--retrain") { Description = "Train again even when results exist." };
        var dataDir = CommonOptions.DataDir();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var json = new Option<bool>("--json") { Description =
            "Print one JSON object per research question on standard output (human text goes to standard error)." };
        var report = new Option<string?>("--report")
        {
            Description = "Write an offline HTML report per research question (narrative, charts, tables, checks, configurations, " +
                          "environment). Default file: <results>/reports/<rq>-<profile>.html.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var figures = new Option<string?>("--figures")
        {
            Description = "Write each chart as standalone offline HTML and plotly JSON, and as PNG (2×, no toolbar), SVG and PDF when " +
                          "Chromium is installed. Default folder: <results>/figures/<rq>-<profile>/.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var list = new Option<bool>("--list") { Description = "List every run (id, configuration, seed, cached or not) and exit." };
        var shard = new Option<Shard?>("--shard")
        {
            Description = "k/n: train only this process's share of the runs not yet in the results cache (a cluster job array), then exit.",
            CustomParser = r =>
            {
                try
                {
                    return Shard.Parse(r.Tokens[0].Value);
                }
                catch (OptionException e)
                {
                    r.AddError(e.Message);
                    return null;
                }
            },
        };
        var helpOthers = new Option<bool>("--help-others")
        {
            Description = "With --shard: after this shard's runs, also train other shards' runs that no process has started " +
                          "(what --jobs workers do, so that they finish together).",
        };
        var jobs = CommonOptions.Int("--jobs", "Runs trained side by side in worker processes, each with cores / N threads; 0: the " +
                                               "kit's choice (on the CPU one per core while runs are pending, on a GPU one).", 0, 0, 64);
        var exportResults = new Option<string?>("--export-results") { Description =
            "Write the finished runs of these questions to a zip file (for other machines)." };
        var importResults = new Option<string?>("--import-results") { Description =
            "Add the runs of a zip file written by --export-results to the results cache first." };
        var failOnCheck = new Option<bool>("--fail-on-check") { Description =
            "Exit with code 3 when a paper check fails (for CI pipelines)." };
        var lockTimeout = CommonOptions.Int("--lock-timeout",
            "Minutes without a heartbeat after which another process's lock on a run is stale.", 30, 1, 10_080);
        var command = new Command("reproduce",
            "Reproduce a research question of the paper and check the results against the paper's numbers.")
        {
            question, profile, results, retrain, dataDir, device, threads, json, report, figures, list, shard, helpOthers, jobs,
                exportResults, importResults, failOnCheck, lockTimeout,
        };
        command.SetAction((r, cancel) => Task.FromResult(io.Guard(() =>
        {
            var human = r.GetValue(json) ? io.Error : io.Out;
            var chosen = r.GetValue(profile) ?? Profiles.Resolve();
            var names = r.GetValue(question)!.ToLowerInvariant() == "all" ? ResearchQuestions.Names
                : [r.GetValue(question)!.ToLowerInvariant()];
            var cache = new ResultsCache(r.GetValue(results) ?? ResultsCache.DefaultRoot());
            RunLock.StaleAfter = TimeSpan.FromMinutes(r.GetValue(lockTimeout));
            if (r.GetValue(importResults) is { } archive)
            {
                var (imported, skipped) = cache.Import(archive);
                human.WriteLine($"imported {imported} run(s) from {archive} into {cache.Root}; {skipped} already there.");
            }
            var questions = names.Select(ResearchQuestions.Get).ToList();
            if (r.GetValue(list)) return List(io, human, r.GetValue(json), questions, chosen, cache);

            var progress = new ConsoleProgress(human, io.Error, interactive: io.Interactive && !r.GetValue(json), quiet: true);
            var runner = new ExperimentRunner(cache, r.GetValue(dataDir), r.GetValue(device), r.GetValue(retrain),
                progress, human.WriteLine)
            {
                Threads = r.GetValue(threads),
                Shard = r.GetValue(shard),
                HelpOthers = r.GetValue(helpOthers),
            };
            if (r.GetValue(shard) is { } mine)
            {
                foreach (var q in questions)
                {
                    var (_, counts) = runner.Run(q.Name, q.Configurations(chosen), Profiles.Seeds(chosen));
                    if (r.GetValue(json)) io.Out.WriteLine(
                        JsonSerializer.Serialize(
                            new { rq = q.Name, profile = chosen.Name(), shard = mine.ToString(), runs = Runs(counts) }));
                }
                return 0;
            }
            var workers = Workers.Decide(r.GetValue(jobs), questions, chosen, cache, r.GetValue(device));
            if (workers > 1 && !r.GetValue(retrain))
            {
                Workers.Run(io, human, workers, names, chosen, cache, r.GetValue(dataDir), r.GetValue(device), cancel);
            }
            var failed = 0;
            foreach (var q in questions)
            {
                var clock = Stopwatch.StartNew();
                human.WriteLine();
                human.WriteLine($"== {q.Name.ToUpperInvariant()}: {q.Question}");
                human.WriteLine(chosen.VerdictScope());
                human.WriteLine(q.Cuts(chosen));
                Table.Write(human, ExperimentResult.ConfigurationHeader, ExperimentResult.ConfigurationRows(q.Configurations(chosen)));
                var result = q.Run(chosen, runner);
                human.WriteLine($"{result.Counts.Total} runs ({result.Counts.Cached} from the results cache, {result.Counts.Trained} " +
                    $"trained here); {clock.Elapsed.TotalMinutes:F1} min");
                human.WriteLine();
                Table.Write(human, ExperimentResult.SummaryHeader, result.SummaryRows());
                foreach (var t in result.Tables)
                {
                    human.WriteLine();
                    human.WriteLine(t.Title);
                    Table.Write(human, t.Header, t.Rows);
                    if (t.Note is not null) human.WriteLine(t.Note);
                }
                human.WriteLine();
                Table.Write(human, ExperimentResult.CheckHeader, result.CheckRows());
                failed += result.Checks.Count(c => c.Verdict == Verdict.Fail);
                if (r.GetValue(json)) io.Out.WriteLine(ToJson(result));
                if (r.GetResult(report) is not null)
                {
                    var file = ReportFile(r.GetValue(report), cache, result, names.Count);
                    Report.Write(result, file, NotebookFor(q.Name));
                    human.WriteLine($"report: {file}");
                }
                if (r.GetResult(figures) is not null)
                {
                    var folder = r.GetValue(figures) is { Length: > 0 } given
                        ? (names.Count == 1 ? given : Path.Combine(given, $"{result.Experiment}-{result.Profile.Name()}"))
                        : Path.Combine(cache.Root, "figures", $"{result.Experiment}-{result.Profile.Name()}");
                    var files = ExperimentCharts.Save(ExperimentCharts.For(result), folder);
                    human.WriteLine($"figures: {files.Count(File.Exists)} files in {folder}" +
                                    (StaticImage.FindBrowser() is null
                                        ? " (HTML and JSON only: install chromium for PNG, SVG and PDF)" : ""));
                }
            }
            if (r.GetValue(exportResults) is { } exportFile)
            {
                var runs = questions.SelectMany(q =>
                    ExperimentRunner.Plan(cache, q.Configurations(chosen), Profiles.Seeds(chosen))).Select(p => p.Folder)
                    .DistinctBy(f => f.Path).ToList();
                var count = cache.Export(exportFile, runs);
                human.WriteLine($"exported {count} finished run(s) to {exportFile}");
            }
            human.WriteLine();
            human.WriteLine(failed == 0
                ? "No paper check failed."
                : $"{failed} paper check(s) failed: see the tables above (a reproduction result, not an error of the kit).");
            return failed > 0 && r.GetValue(failOnCheck) ? Cli.CheckFailed : 0;
        })));
        return command;
    }

    private static object Runs(RunCounts c) => new { total = c.Total, cached = c.Cached, trained = c.Trained };

    /// <summary>
    /// One JSON object per research question: {"rq","profile","runs":{"total","cached","trained"},"checks":[{"claim","kind","paper",
    /// "source","reproduced","interval","criterion","direction","verdict"}]}.
    /// </summary>
    public static string ToJson(ExperimentResult result) => JsonSerializer.Serialize(new
    {
        rq = result.Experiment,
        profile = result.Profile.Name(),
        runs = Runs(result.Counts),
        checks = result.Checks.Select(c => new
        {
            claim = c.Claim, kind = c.KindText, paper = c.PaperValue, source = c.Source, reproduced = c.Reproduced, interval = c.Interval,
            criterion = c.Criterion, direction = c.DirectionText, verdict = c.VerdictText,
        }),
    });

    private static int List(CliIO io, TextWriter human, bool json, IReadOnlyList<ResearchQuestion> questions,
        Profile profile, ResultsCache cache)
    {
        foreach (var q in questions)
        {
            var plan = ExperimentRunner.Plan(cache, q.Configurations(profile), Profiles.Seeds(profile));
            if (json)
            {
                io.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    rq = q.Name,
                    profile = profile.Name(),
                    runs = plan.Select(p => new { id = p.Id, label = p.Spec.Label, seed = p.Seed, cached = p.Cached, folder = p.Folder.Path,
                        config = JsonDocument.Parse(
                            JsonSerializer.Serialize(ResultsCache.Canonical(p.Config), Training.TrainingConfig.Json)).RootElement }),
                }));
                continue;
            }
            human.WriteLine($"{q.Name} ({profile.Name()}): {plan.Count} runs, {plan.Count(p => p.Cached)} in {cache.Root}");
            Table.Write(human, ["run", "configuration", "seed", "cached"],
                plan.Select(p => new[] { p.Id, p.Spec.Label, p.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    p.Cached ? "yes" : "no" }));
        }
        return 0;
    }

    private static string ReportFile(string? given, ResultsCache cache, ExperimentResult result, int questions)
    {
        var name = $"{result.Experiment}-{result.Profile.Name()}.html";
        if (string.IsNullOrEmpty(given)) return Path.Combine(cache.Root, "reports", name);
        if (Directory.Exists(given) || given.EndsWith('/')) return Path.Combine(given, name);
        if (questions == 1) return given;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(given))!,
            $"{Path.GetFileNameWithoutExtension(given)}-{result.Experiment}{Path.GetExtension(given)}");
    }

    /// <summary>The notebook whose narrative the report carries (the repository's notebooks/ folder, when it is there).</summary>
    private static string? NotebookFor(string rq)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "notebooks");
            if (Directory.Exists(folder))
                return Directory.GetFiles(folder, $"{rq.ToUpperInvariant()}-*.ipynb").FirstOrDefault();
        }
        return null;
    }
}

