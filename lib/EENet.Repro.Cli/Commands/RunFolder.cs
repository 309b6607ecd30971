using EENet.Repro.Data;
using EENet.Repro.Datasets;
using EENet.Repro.Models;
using EENet.Repro.Runs;
using EENet.Repro.Runtime;
using EENet.Repro.Training;
using TorchSharp;

namespace EENet.Repro.Cli.Commands;

/// <summary>Opens a trained model from a run folder (or a last.ckpt file) for evaluate and sweep.</summary>
internal static class RunFolder
{
    public static (EarlyExitModel Model, TrainingConfig Config, string Weights) Open(string checkpoint, bool best,
        DeviceChoice device, int threads)
    {
        var run = RunDirectory.Open(checkpoint);
        var (model, header, used) = run.OpenModel(best);
        var resolved = DeviceSelector.Resolve(device);
        model.to(resolved);
        ThreadPolicy.ApplyForInference(model, resolved, threads);
        return (model, header.Config, used);
    }

    /// <summary>
    /// The test examples a run is evaluated on: its dataset's test split, limited as trained unless
    /// <paramref name="limit"/> says otherwise.
    /// </summary>
    public static ImageDataset TestSet(TrainingConfig config, string? dataDir, int? limit)
    {
        using var test = DatasetLoader.Load(DatasetCatalog.Get(config.Dataset), Split.Test, dataDir);
        return test.Take(limit ?? config.TestLimit);
    }
}
