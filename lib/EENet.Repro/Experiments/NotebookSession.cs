using EENet.Repro.Data;
using EENet.Repro.Datasets;
using EENet.Repro.Runs;
using EENet.Repro.Runtime;

namespace EENet.Repro.Experiments;

/// <summary>
/// What a notebook needs to run a research question: the profile, where results and data live (the kit's results/ and
/// data/ unless $EENET_RESULTS_DIR / $EENET_DATA_DIR say otherwise), and a runner that prints its progress.
/// </summary>
public sealed record NotebookSession(Profile Profile, string KitRoot, string ResultsDir, string DataDir, DeviceChoice Device,
    ExperimentRunner Runner)
{
    /// <param name="kitRoot">The repository root (the notebooks' parent folder).</param>
    /// <param name="profileChoice">smoke, quick, full, or empty for $EENET_PROFILE / the default.</param>
    /// <param name="device">auto, cpu or cuda.</param>
    public static NotebookSession Start(string kitRoot, string profileChoice = "", bool retrain = false, string device = "auto")
    {
        TorchRuntime.Initialize();
        var profile = Profiles.Resolve(profileChoice);
        var choice = DeviceSelector.Choices.Parse(device, "device");
        var results = ResultsCache.DefaultRoot(Path.Combine(kitRoot, "results"));
        var data = DataDirectory.Resolve(null, Path.Combine(kitRoot, "data"));
        var runner = new ExperimentRunner(new ResultsCache(results), data, choice, retrain, log: Console.WriteLine);
        return new NotebookSession(profile, kitRoot, results, data, choice, runner);
    }

    public string Status =>
        $"profile {Profile.Name()} — {Profile.VerdictScope()} Device {DeviceSelector.Describe(DeviceSelector.Resolve(Device))}; CPU " +
        $"threads chosen per model ({Math.Min(Environment.ProcessorCount, ThreadPolicy.SmallModelThreads)} for EENet-8, " +
        $"{Environment.ProcessorCount} for the ResNets); OpenMP wait policy {OpenMp.WaitPolicy ?? "libgomp default"}. " +
        $"Results in {ResultsDir}; data in {DataDir}.";

    /// <summary>Runs a research question (or loads it from the results cache), printing its configurations first.</summary>
    public ExperimentResult Run(string question)
    {
        var rq = ResearchQuestions.Get(question);
        var plan = ExperimentRunner.Plan(Runner.Cache, rq.Configurations(Profile), Profiles.Seeds(Profile), Device);
        Console.WriteLine($"{rq.Name}: {plan.Count} runs ({plan.Count(r => r.Cached)} in the results cache), " +
            $"{Profiles.Seeds(Profile).Length} seeds each.");
        return rq.Run(Profile, Runner);
    }

    /// <summary>
    /// Writes the research question's figures (offline HTML, plotly JSON, and PNG / SVG / PDF when Chromium is there) and its
    /// offline HTML report next to the results; returns the files.
    /// </summary>
    public List<string> Save(ExperimentResult result)
    {
        var files = Charts.ExperimentCharts.Save(Charts.ExperimentCharts.For(result), FiguresDir(result.Experiment));
        var report = Path.Combine(ResultsDir, "reports", $"{result.Experiment}-{Profile.Name()}.html");
        var notebook = Directory.Exists(Path.Combine(KitRoot, "notebooks"))
            ? Directory.GetFiles(Path.Combine(KitRoot, "notebooks"), $"{result.Experiment.ToUpperInvariant()}-*.ipynb").FirstOrDefault()
            : null;
        Charts.Report.Write(result, report, notebook);
        files.Add(report);
        return files;
    }

    /// <summary>Where a notebook writes its figures: next to the results.</summary>
    public string FiguresDir(string experiment) => Path.Combine(ResultsDir, "figures", $"{experiment}-{Profile.Name()}");

    /// <summary>The test examples a run was evaluated on (same order as its trace).</summary>
    public ImageDataset TestSet(RunRecord run)
    {
        using var test = DatasetLoader.Load(DatasetCatalog.Get(run.Result.Config.Dataset), Split.Test, DataDir);
        return test.Take(run.Result.Config.TestLimit);
    }
}
