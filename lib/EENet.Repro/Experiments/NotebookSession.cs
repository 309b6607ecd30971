using EENet.Repro.Data;
using EENet.Repro.Runtime;
using TorchSharp;

namespace EENet.Repro.Experiments;

/// <summary>
/// What a notebook needs to run an experiment: the profile, where results and data live (the kit's results/ and data/
/// unless $EENET_RESULTS_DIR / $EENET_DATA_DIR say otherwise), and a runner that prints its progress.
/// </summary>
public sealed record NotebookSession(Profile Profile, string KitRoot, string ResultsDir, string DataDir, string Device, ExperimentRunner Runner)
{
    /// <param name="kitRoot">The repository root (the notebooks' parent folder).</param>
    /// <param name="profileChoice">smoke, quick, full, or empty for $EENET_PROFILE / the default.</param>
    public static NotebookSession Start(string kitRoot, string profileChoice = "", bool retrain = false, string device = "auto")
    {
        TorchRuntime.Initialize();
        var profile = Profiles.Resolve(profileChoice);
        var results = Environment.GetEnvironmentVariable(ExperimentRunner.ResultsDirVariable) is { Length: > 0 } r ? r : Path.Combine(kitRoot, "results");
        var data = Environment.GetEnvironmentVariable(DatasetLoader.DataDirVariable) is { Length: > 0 } d ? d : Path.Combine(kitRoot, "data");
        var runner = new ExperimentRunner(results, data, device, retrain, log: Console.WriteLine);
        return new NotebookSession(profile, kitRoot, results, data, DeviceSelector.Resolve(device).ToString(), runner);
    }

    public string Status =>
        $"profile {Profile.Name()} ({(Profile.ComparableToPaper() ? "compared with the paper" : "NOT comparable to the paper")}), device {Device}, " +
        $"{torch.get_num_threads()} CPU threads; results in {ResultsDir}; data in {DataDir}";

    /// <summary>Where a notebook writes its figures: next to the experiment's results.</summary>
    public string FiguresDir(string experiment) => Path.Combine(ResultsDir, experiment, $"figures-{Profile.Name()}");

    /// <summary>The test examples a run was evaluated on (same order as its trace).</summary>
    public ImageDataset TestSet(RunRecord run)
    {
        using var test = DatasetLoader.Load(DatasetInfo.Get(run.Result.Config.Dataset), Split.Test, DataDir);
        return test.Take(run.Result.Config.TestLimit);
    }
}
